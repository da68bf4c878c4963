import finos

client = finos.Client("sk_test_yourkey")

result = client.stocks.stats("AAPL")
print(result)
