curl -X POST "https://api.finos.com/v1/asset_classes" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(uuidgen)" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "U.S. Stocks",
    "primary": "VTI",
    "secondary": [
      "SCHB",
      "ITOT"
    ]
  }'
