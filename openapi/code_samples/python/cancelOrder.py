import uuid

import requests

response = requests.delete(
    "https://api.finos.com/v1/orders/904837e3-3b76-47ec-b432-046db621571b",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
)
response.raise_for_status()
print(response.json())
