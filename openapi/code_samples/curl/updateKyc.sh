curl -X PATCH "https://api.finos.com/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
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
  }'
