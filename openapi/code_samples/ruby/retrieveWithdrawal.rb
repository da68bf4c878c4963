require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.withdrawals.fetch('7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b')
p result
