curl "https://api.finos.com/v1/stocks/AAPL/chart/1m" \
  -u sk_test_yourkey:
