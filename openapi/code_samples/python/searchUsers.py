import requests

response = requests.get(
    "https://api.finos.com/v1/users/search",
    auth=("sk_test_yourkey", ""),
    params={
        "query": "doe",
    },
)
response.raise_for_status()
print(response.json())
