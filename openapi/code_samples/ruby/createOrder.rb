require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/orders')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "account_id": "2d931510-d99f-494a-8c67-87feb05e1594",
    "symbol": "GOOG",
    "quantity": "0.2",
    "side": "buy",
    "type": "market"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
