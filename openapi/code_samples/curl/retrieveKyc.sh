curl "https://api.finos.com/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X" \
  -u sk_test_yourkey:
