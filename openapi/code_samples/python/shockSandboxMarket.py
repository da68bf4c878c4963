import finos

client = finos.Client("sk_test_yourkey", base_url="http://127.0.0.1:8080")

result = client.sandbox.shock_market(
    symbol="VTI",
    change_percent=-20,
)
print(result)
