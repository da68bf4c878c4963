import finos

client = finos.Client("sk_test_yourkey")

result = client.stocks.chart("AAPL", "1m")
print(result)
