curl "https://api.finos.com/v1/accounts/2d931510-d99f-494a-8c67-87feb05e1594" \
  -u sk_test_yourkey:
