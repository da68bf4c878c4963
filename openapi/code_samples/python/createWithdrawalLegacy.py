import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/withdrawal",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "account_id": "2d931510-d99f-494a-8c67-87feb05e1594",
        "bank_account_id": "bad85eb9-0713-4da7-8d36-07a8e4b00eab",
        "amount": "202.00",
    },
)
response.raise_for_status()
print(response.json())
