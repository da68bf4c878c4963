require 'net/http'

uri = URI('https://api.finos.com/v1/portfolios/62936e70-1815-439b-bf89-8492855a7e6b')
request = Net::HTTP::Get.new(uri)
request.basic_auth('sk_test_yourkey', '')

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
