curl "https://api.finos.com/v1/users" \
  -u sk_test_yourkey:
