require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

client.withdrawals.list.auto_paging_each do |item|
  p item
end
