import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X/documents",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "name": "john_doe_driver_license",
        "extension": "pdf",
        "type": "license",
        "notes": "Uploaded from email customer sent",
        "data": "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK",
    },
)
response.raise_for_status()
print(response.json())
