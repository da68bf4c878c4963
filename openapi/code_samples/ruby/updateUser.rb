require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.users.update(
  'f6e54303-10ce-42b5-a4b0-b28c19cf5025',
  phone_number: '16742562188',
)
p result
