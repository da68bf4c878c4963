require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/accounts/2d931510-d99f-494a-8c67-87feb05e1594')
request = Net::HTTP::Put.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "account_type": "investment",
    "annual_income": "$100,000 - $199,999",
    "investment_objective": "growth",
    "investment_experience": "limited",
    "net_liquid_worth": "$25,000 - $99,999",
    "net_total_worth": "$100,000 - $199,999",
    "is_director": false,
    "risk_tolerance": "moderate"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
