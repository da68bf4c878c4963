curl "https://api.finos.com/v1/webhooks/6fe54303-10ce-42b5-a4b0-38bc19cf5025" \
  -u sk_test_yourkey:
