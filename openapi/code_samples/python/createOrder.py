import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/orders",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "account_id": "2d931510-d99f-494a-8c67-87feb05e1594",
        "symbol": "GOOG",
        "quantity": "0.2",
        "side": "buy",
        "type": "market",
    },
)
response.raise_for_status()
print(response.json())
