import requests

response = requests.get(
    "http://127.0.0.1:8080/v1/sandbox/clock",
    auth=("sk_test_yourkey", ""),
)
response.raise_for_status()
print(response.json())
