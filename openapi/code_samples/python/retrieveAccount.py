import finos

client = finos.Client("sk_test_yourkey")

result = client.accounts.fetch("2d931510-d99f-494a-8c67-87feb05e1594")
print(result)
