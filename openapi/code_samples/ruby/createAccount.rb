require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025/accounts')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "ownership": "individual",
    "account_type": "cash",
    "martial_status": "single",
    "country_of_citizenship": "USA",
    "employment_status": "Employed / Self-Employed",
    "employment_position": "Software Engineer",
    "employer_name": "Finos Inc",
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
