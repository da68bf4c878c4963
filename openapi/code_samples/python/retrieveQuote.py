import finos

client = finos.Client("sk_test_yourkey")

result = client.stocks.quote("AAPL")
print(result)
