import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025/bank_accounts",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "bank_account_number": "4327843043",
        "bank_routing_number": "121042882",
        "bank_account_nickname": "Joe checking",
    },
)
response.raise_for_status()
print(response.json())
