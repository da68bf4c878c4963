curl -X PUT "https://api.finos.com/v1/webhooks/6fe54303-10ce-42b5-a4b0-38bc19cf5025" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "active": false
  }'
