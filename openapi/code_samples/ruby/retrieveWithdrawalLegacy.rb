require 'net/http'

uri = URI('https://api.finos.com/v1/withdrawal/7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b')
request = Net::HTTP::Get.new(uri)
request.basic_auth('sk_test_yourkey', '')

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
