curl -X POST "https://api.finos.com/v1/webhooks" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "name": "My_Webhook_Name",
    "config": {
      "url": "https://example.com/finos-webhook",
      "basic_auth_username": "finos_user",
      "basic_auth_password": "finos_passwd"
    },
    "events": [
      "usertransition.*"
    ]
  }'
