curl -X POST "https://api.finos.com/v1/asset_classes" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "U.S. Stocks",
    "primary": "VTI",
    "secondary": [
      "SCHB",
      "ITOT"
    ]
  }'
