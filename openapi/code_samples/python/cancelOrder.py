import finos

client = finos.Client("sk_test_yourkey")

result = client.orders.cancel("904837e3-3b76-47ec-b432-046db621571b")
print(result)
