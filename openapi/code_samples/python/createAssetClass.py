import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/asset_classes",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "name": "U.S. Stocks",
        "primary": "VTI",
        "secondary": [
            "SCHB",
            "ITOT",
        ],
    },
)
response.raise_for_status()
print(response.json())
