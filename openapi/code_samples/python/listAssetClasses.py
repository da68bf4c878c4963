import requests

response = requests.get(
    "https://api.finos.com/v1/asset_classes",
    auth=("sk_test_yourkey", ""),
)
response.raise_for_status()
print(response.json())
