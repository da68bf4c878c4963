curl "https://api.finos.com/v1/clock" \
  -u sk_test_yourkey:
