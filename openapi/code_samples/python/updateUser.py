import finos

client = finos.Client("sk_test_yourkey")

result = client.users.update(
    "f6e54303-10ce-42b5-a4b0-b28c19cf5025",
    phone_number="16742562188",
)
print(result)
