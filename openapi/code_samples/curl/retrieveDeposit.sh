curl "https://api.finos.com/v1/deposits/62936e70-1815-439b-bf89-8492855a7e6b" \
  -u sk_test_yourkey:
