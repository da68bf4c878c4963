import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/portfolios",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "name": "growth-tilt",
        "allocations": [
            {
                "asset_class_id": "us-stocks",
                "weight": "45.5",
            },
            {
                "asset_class_id": "foreign-stocks",
                "weight": "24.5",
            },
            {
                "asset_class_id": "emerging-market",
                "weight": "10.0",
            },
            {
                "asset_class_id": "corporate-bonds",
                "weight": "20.0",
            },
        ],
    },
)
response.raise_for_status()
print(response.json())
