curl "https://api.finos.com/v1/assets" \
  -u sk_test_yourkey:
