require 'net/http'

uri = URI('https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025/bank_accounts')
request = Net::HTTP::Get.new(uri)
request.basic_auth('sk_test_yourkey', '')

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
