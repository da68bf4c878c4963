import finos

client = finos.Client("sk_test_yourkey")

result = client.portfolios.fetch("62936e70-1815-439b-bf89-8492855a7e6b")
print(result)
