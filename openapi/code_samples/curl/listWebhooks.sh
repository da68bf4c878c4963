curl "https://api.finos.com/v1/webhooks" \
  -u sk_test_yourkey:
