require 'net/http'

uri = URI('https://api.finos.com/v1/events/0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f')
request = Net::HTTP::Get.new(uri)
request.basic_auth('sk_test_yourkey', '')

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
