import requests

response = requests.get(
    "https://api.finos.com/v1/portfolios/62936e70-1815-439b-bf89-8492855a7e6b",
    auth=("sk_test_yourkey", ""),
)
response.raise_for_status()
print(response.json())
