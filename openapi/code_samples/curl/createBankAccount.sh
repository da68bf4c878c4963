curl -X POST "https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025/bank_accounts" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "bank_account_number": "4327843043",
    "bank_routing_number": "121042882",
    "bank_account_nickname": "Joe checking"
  }'
