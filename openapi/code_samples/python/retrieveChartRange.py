import requests

response = requests.get(
    "https://api.finos.com/v1/stocks/AAPL/chart/1m",
    auth=("sk_test_yourkey", ""),
)
response.raise_for_status()
print(response.json())
