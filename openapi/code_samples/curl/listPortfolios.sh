curl "https://api.finos.com/v1/portfolios" \
  -u sk_test_yourkey:
