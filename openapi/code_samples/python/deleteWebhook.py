import finos

client = finos.Client("sk_test_yourkey")

result = client.webhooks.delete("6fe54303-10ce-42b5-a4b0-38bc19cf5025")
print(result)
