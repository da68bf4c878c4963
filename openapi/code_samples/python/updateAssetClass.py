import uuid

import requests

response = requests.put(
    "https://api.finos.com/v1/asset_classes/us-stocks",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "primary": "ITOT",
        "secondary": [
            "SCHB",
            "VTI",
        ],
    },
)
response.raise_for_status()
print(response.json())
