import finos

client = finos.Client("sk_test_yourkey")

result = client.market.calendar()
print(result)
