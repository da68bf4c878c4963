curl "https://api.finos.com/v1/orders" \
  -u sk_test_yourkey:
