import uuid

import requests

response = requests.post(
    "http://127.0.0.1:8080/v1/sandbox/market/shock",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "symbol": "VTI",
        "change_percent": -20,
    },
)
response.raise_for_status()
print(response.json())
