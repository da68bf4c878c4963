curl "https://api.finos.com/v1/calendar" \
  -u sk_test_yourkey:
