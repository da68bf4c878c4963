require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.kyc.update(
  'S-BNTwVDLrlRvHbKVhRa8X',
  answers: [
    {
      question_id: 1,
      answer_id: 1,
    },
    {
      question_id: 2,
      answer_id: 1,
    },
    {
      question_id: 3,
      answer_id: 1,
    },
    {
      question_id: 4,
      answer_id: 1,
    },
    {
      question_id: 5,
      answer_id: 1,
    },
  ],
)
p result
