require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

client.webhooks.deliveries('6fe54303-10ce-42b5-a4b0-38bc19cf5025').auto_paging_each do |item|
  p item
end
