require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/portfolios')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "name": "growth-tilt",
    "allocations": [
      {
        "asset_class_id": "us-stocks",
        "weight": "45.5"
      },
      {
        "asset_class_id": "foreign-stocks",
        "weight": "24.5"
      },
      {
        "asset_class_id": "emerging-market",
        "weight": "10.0"
      },
      {
        "asset_class_id": "corporate-bonds",
        "weight": "20.0"
      }
    ]
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
