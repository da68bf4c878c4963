curl -X DELETE "https://api.finos.com/v1/orders/904837e3-3b76-47ec-b432-046db621571b" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
