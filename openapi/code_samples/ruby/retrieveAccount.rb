require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.accounts.fetch('2d931510-d99f-494a-8c67-87feb05e1594')
p result
