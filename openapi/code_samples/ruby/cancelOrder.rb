require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.orders.cancel('904837e3-3b76-47ec-b432-046db621571b')
p result
