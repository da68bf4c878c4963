require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X/documents')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "name": "john_doe_driver_license",
    "extension": "pdf",
    "type": "license",
    "notes": "Uploaded from email customer sent",
    "data": "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK"
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
