curl "https://api.finos.com/v1/stocks/AAPL/stats" \
  -u sk_test_yourkey:
