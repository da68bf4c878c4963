import finos

client = finos.Client("sk_test_yourkey")

result = client.asset_classes.fetch("us-stocks")
print(result)
