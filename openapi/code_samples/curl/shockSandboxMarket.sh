curl -X POST "http://127.0.0.1:8080/v1/sandbox/market/shock" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "symbol": "VTI",
    "change_percent": -20
  }'
