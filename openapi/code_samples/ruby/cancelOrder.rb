require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/orders/904837e3-3b76-47ec-b432-046db621571b')
request = Net::HTTP::Delete.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
