import uuid

import requests

response = requests.post(
    "https://api.finos.com/v1/users",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "phone_number": "18042562188",
        "first_name": "John",
        "last_name": "Doe",
        "email_address": "johndoe@finos.com",
        "birth_date": "1985-01-23",
        "ssn_number": "123456789",
        "address_line_1": "123 Test St",
        "address_city": "Richmond",
        "address_state": "VA",
        "address_postal_code": "23220",
        "address_country_code": "US",
    },
)
response.raise_for_status()
print(response.json())
