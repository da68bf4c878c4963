import uuid

import requests

response = requests.put(
    "https://api.finos.com/v1/webhooks/6fe54303-10ce-42b5-a4b0-38bc19cf5025",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "active": False,
    },
)
response.raise_for_status()
print(response.json())
