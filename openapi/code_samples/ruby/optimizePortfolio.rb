require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/portfolios/optimize')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "expected_returns": [
      0.07,
      0.065,
      0.035
    ],
    "covariance": [
      [
        0.0256,
        0.02176,
        0.00192
      ],
      [
        0.02176,
        0.0289,
        0.00204
      ],
      [
        0.00192,
        0.00204,
        0.0036
      ]
    ],
    "max_weight": 0.6,
    "risk_free_rate": 0.02
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
