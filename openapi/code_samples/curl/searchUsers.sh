curl "https://api.finos.com/v1/users/search?query=doe" \
  -u sk_test_yourkey:
