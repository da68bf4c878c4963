import finos

client = finos.Client("sk_test_yourkey")

result = client.market.clock()
print(result)
