curl -X POST "https://api.finos.com/v1/orders" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "account_id": "2d931510-d99f-494a-8c67-87feb05e1594",
    "symbol": "GOOG",
    "quantity": "0.2",
    "side": "buy",
    "type": "market"
  }'
