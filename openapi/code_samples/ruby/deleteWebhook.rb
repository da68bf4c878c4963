require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/webhooks/6fe54303-10ce-42b5-a4b0-38bc19cf5025')
request = Net::HTTP::Delete.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
