require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.bank_accounts.delete('bad85eb9-0713-4da7-8d36-07a8e4b00eab')
p result
