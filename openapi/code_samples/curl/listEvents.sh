curl "https://api.finos.com/v1/events" \
  -u sk_test_yourkey:
