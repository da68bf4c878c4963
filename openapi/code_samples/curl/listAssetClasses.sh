curl "https://api.finos.com/v1/asset_classes" \
  -u sk_test_yourkey:
