require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/accounts/2d931510-d99f-494a-8c67-87feb05e1594/settings')
request = Net::HTTP::Put.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "managed": true,
    "min_cash_percent": "1",
    "max_cash_percent": "5",
    "portfolio_id": "62936e70-1815-439b-bf89-8492855a7e6b"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
