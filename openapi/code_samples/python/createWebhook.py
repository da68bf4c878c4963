import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/webhooks",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "name": "My_Webhook_Name",
        "config": {
            "url": "https://example.com/finos-webhook",
            "basic_auth_username": "finos_user",
            "basic_auth_password": "finos_passwd",
        },
        "events": [
            "usertransition.*",
        ],
    },
)
response.raise_for_status()
print(response.json())
