import requests

response = requests.get(
    "https://api.finos.com/v1/webhooks/6fe54303-10ce-42b5-a4b0-38bc19cf5025/deliveries",
    auth=("sk_test_yourkey", ""),
)
response.raise_for_status()
print(response.json())
