require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/portfolios/62936e70-1815-439b-bf89-8492855a7e6b')
request = Net::HTTP::Put.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "name": "conservative-custom",
    "allocations": [
      {
        "asset_class_id": "us-stocks",
        "weight": "80.0"
      },
      {
        "asset_class_id": "emerging-market-bonds",
        "weight": "20.0"
      }
    ]
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
