require 'net/http'
require 'securerandom'

uri = URI('http://127.0.0.1:8080/v1/sandbox/market/shock')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "symbol": "VTI",
    "change_percent": -20
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
