import uuid

import requests

response = requests.put(
    "https://api.finos.com/v1/portfolios/62936e70-1815-439b-bf89-8492855a7e6b",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "name": "conservative-custom",
        "allocations": [
            {
                "asset_class_id": "us-stocks",
                "weight": "80.0",
            },
            {
                "asset_class_id": "emerging-market-bonds",
                "weight": "20.0",
            },
        ],
    },
)
response.raise_for_status()
print(response.json())
