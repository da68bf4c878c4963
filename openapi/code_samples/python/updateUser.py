import uuid

import requests

response = requests.put(
    "https://api.finos.com/v1/users/f6e54303-10ce-42b5-a4b0-b28c19cf5025",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "phone_number": "16742562188",
    },
)
response.raise_for_status()
print(response.json())
