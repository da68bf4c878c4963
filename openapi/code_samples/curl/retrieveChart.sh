curl "https://api.finos.com/v1/stocks/AAPL/chart" \
  -u sk_test_yourkey:
