import uuid

import requests

response = requests.post(
    "http://127.0.0.1:8080/v1/sandbox/clock/advance",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "to": "2026-12-01T21:30:00Z",
    },
)
response.raise_for_status()
print(response.json())
