curl "https://api.finos.com/v1/withdrawals" \
  -u sk_test_yourkey:
