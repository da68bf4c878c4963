import requests

response = requests.get(
    "https://api.finos.com/v1/statements",
    auth=("sk_test_yourkey", ""),
    params={
        "account_id": "2d931510-d99f-494a-8c67-87feb05e1594",
    },
)
response.raise_for_status()
print(response.json())
