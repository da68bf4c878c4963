require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/users')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "phone_number": "18042562188",
    "first_name": "John",
    "last_name": "Doe",
    "email_address": "johndoe@finos.com",
    "birth_date": "1985-01-23",
    "ssn_number": "123456789",
    "address_line_1": "123 Test St",
    "address_city": "Richmond",
    "address_state": "VA",
    "address_postal_code": "23220",
    "address_country_code": "US"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
