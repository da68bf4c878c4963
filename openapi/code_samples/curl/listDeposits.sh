curl "https://api.finos.com/v1/deposits" \
  -u sk_test_yourkey:
