import requests

response = requests.get(
    "https://api.finos.com/v1/orders/904837e3-3b76-47ec-b432-046db621571b",
    auth=("sk_test_yourkey", ""),
)
response.raise_for_status()
print(response.json())
