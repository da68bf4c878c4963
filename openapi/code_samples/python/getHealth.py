import finos

client = finos.Client("sk_test_yourkey")

result = client.health.check()
print(result)
