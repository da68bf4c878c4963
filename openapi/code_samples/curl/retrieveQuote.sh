curl "https://api.finos.com/v1/stocks/AAPL" \
  -u sk_test_yourkey:
