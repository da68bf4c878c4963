curl "https://api.finos.com/v1/statements/904837e3-3b76-47ec-b432-046db621571b/pdf?expires=1793891939&signature=36d81bb9f4234802724627bd840ca55343eeae020db551d584592c3a62d59ebe" \
  -o statement.pdf
