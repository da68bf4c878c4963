import finos

client = finos.Client("sk_test_yourkey")

result = client.users.fetch("f6e54303-10ce-42b5-a4b0-b28c19cf5025")
print(result)
