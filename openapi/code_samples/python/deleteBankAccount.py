import uuid

import requests

response = requests.delete(
    "https://api.finos.com/v1/bank_accounts/bad85eb9-0713-4da7-8d36-07a8e4b00eab",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
)
response.raise_for_status()
print(response.json())
