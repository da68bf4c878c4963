import requests

response = requests.get(
    "https://api.finos.com/v1/withdrawals/7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b",
    auth=("sk_test_yourkey", ""),
)
response.raise_for_status()
print(response.json())
