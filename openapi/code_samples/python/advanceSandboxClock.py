import finos

client = finos.Client("sk_test_yourkey", base_url="http://127.0.0.1:8080")

result = client.sandbox.advance_clock(to="2026-12-01T21:30:00Z")
print(result)
