curl -X PUT "https://api.finos.com/v1/accounts/2d931510-d99f-494a-8c67-87feb05e1594/settings" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "managed": true,
    "min_cash_percent": "1",
    "max_cash_percent": "5",
    "portfolio_id": "62936e70-1815-439b-bf89-8492855a7e6b"
  }'
