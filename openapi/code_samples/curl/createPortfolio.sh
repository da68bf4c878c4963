curl -X POST "https://api.finos.com/v1/portfolios" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "growth-tilt",
    "allocations": [
      {
        "asset_class_id": "us-stocks",
        "weight": "45.5"
      },
      {
        "asset_class_id": "foreign-stocks",
        "weight": "24.5"
      },
      {
        "asset_class_id": "emerging-market",
        "weight": "10.0"
      },
      {
        "asset_class_id": "corporate-bonds",
        "weight": "20.0"
      }
    ]
  }'
