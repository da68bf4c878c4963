import requests

response = requests.get(
    "https://api.finos.com/healthz",
)
response.raise_for_status()
print(response.json())
