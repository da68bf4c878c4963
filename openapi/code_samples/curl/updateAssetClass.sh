curl -X PUT "https://api.finos.com/v1/asset_classes/us-stocks" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "primary": "ITOT",
    "secondary": [
      "SCHB",
      "VTI"
    ]
  }'
