import finos

client = finos.Client("sk_test_yourkey")

result = client.events.fetch("0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f")
print(result)
