import finos

client = finos.Client("sk_test_yourkey")

pdf = client.statements.pdf(
    "904837e3-3b76-47ec-b432-046db621571b",
    expires=1793891939,
    signature="36d81bb9f4234802724627bd840ca55343eeae020db551d584592c3a62d59ebe",
)
with open("statement.pdf", "wb") as f:
    f.write(pdf)
