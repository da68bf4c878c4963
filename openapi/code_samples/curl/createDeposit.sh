curl -X POST "https://api.finos.com/v1/deposits" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "account_id": "2d931510-d99f-494a-8c67-87feb05e1594",
    "bank_account_id": "bad85eb9-0713-4da7-8d36-07a8e4b00eab",
    "amount": "202.00"
  }'
