curl -X POST "http://127.0.0.1:8080/v1/sandbox/clock/advance" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "to": "2026-12-01T21:30:00Z"
  }'
