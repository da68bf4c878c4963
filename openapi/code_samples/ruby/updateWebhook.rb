require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.webhooks.update(
  '6fe54303-10ce-42b5-a4b0-38bc19cf5025',
  active: false,
)
p result
