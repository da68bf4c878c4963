require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/webhooks')
request = Net::HTTP::Post.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "name": "My_Webhook_Name",
    "config": {
      "url": "https://example.com/finos-webhook",
      "basic_auth_username": "finos_user",
      "basic_auth_password": "finos_passwd"
    },
    "events": [
      "usertransition.*"
    ]
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
