curl -X PUT "https://api.finos.com/v1/portfolios/62936e70-1815-439b-bf89-8492855a7e6b" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "conservative-custom",
    "allocations": [
      {
        "asset_class_id": "us-stocks",
        "weight": "80.0"
      },
      {
        "asset_class_id": "emerging-market-bonds",
        "weight": "20.0"
      }
    ]
  }'
