require 'net/http'
require 'securerandom'

uri = URI('https://api.finos.com/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X')
request = Net::HTTP::Patch.new(uri)
request.basic_auth('sk_test_yourkey', '')
request['Idempotency-Key'] = SecureRandom.uuid
request['Content-Type'] = 'application/json'
request.body = <<~'JSON'
  {
    "answers": [
      {
        "question_id": 1,
        "answer_id": 1
      },
      {
        "question_id": 2,
        "answer_id": 1
      },
      {
        "question_id": 3,
        "answer_id": 1
      },
      {
        "question_id": 4,
        "answer_id": 1
      },
      {
        "question_id": 5,
        "answer_id": 1
      }
    ]
  }
JSON

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|
  http.request(request)
end
puts response.code, response.body
