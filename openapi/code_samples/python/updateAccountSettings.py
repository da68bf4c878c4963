import uuid

import requests

response = requests.put(
    "https://api.finos.com/v1/accounts/2d931510-d99f-494a-8c67-87feb05e1594/settings",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "managed": True,
        "min_cash_percent": "1",
        "max_cash_percent": "5",
        "portfolio_id": "62936e70-1815-439b-bf89-8492855a7e6b",
    },
)
response.raise_for_status()
print(response.json())
