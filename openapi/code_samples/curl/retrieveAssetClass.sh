curl "https://api.finos.com/v1/asset_classes/us-stocks" \
  -u sk_test_yourkey:
