require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/bank_accounts/bad85eb9-0713-4da7-8d36-07a8e4b00eab')
request = Net::HTTP::Delete.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
