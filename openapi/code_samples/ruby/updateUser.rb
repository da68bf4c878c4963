require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025')
request = Net::HTTP::Put.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "phone_number": "16742562188"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
