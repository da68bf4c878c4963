curl "https://api.finos.com/v1/withdrawal/7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b" \
  -u sk_test_yourkey:
