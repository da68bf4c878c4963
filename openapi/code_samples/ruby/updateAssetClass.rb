require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/asset_classes/us-stocks')
request = Net::HTTP::Put.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "primary": "ITOT",
    "secondary": [
      "SCHB",
      "VTI"
    ]
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
