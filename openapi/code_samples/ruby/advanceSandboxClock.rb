require 'net/http'
require 'securerandom'

uri = URI('http://127.0.0.1:8080/v1/sandbox/clock/advance')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "to": "2026-12-01T21:30:00Z"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
