require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/deposits')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "account_id": "2d931510-d99f-494a-8c67-87feb05e1594",
    "bank_account_id": "bad85eb9-0713-4da7-8d36-07a8e4b00eab",
    "amount": "202.00"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
