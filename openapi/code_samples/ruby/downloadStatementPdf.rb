require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

File.binwrite('statement.pdf', client.statements.pdf(
  '904837e3-3b76-47ec-b432-046db621571b',
  expires: 1793891939,
  signature: '36d81bb9f4234802724627bd840ca55343eeae020db551d584592c3a62d59ebe',
))
