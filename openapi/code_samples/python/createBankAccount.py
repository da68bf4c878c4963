import finos

client = finos.Client("sk_test_yourkey")

result = client.bank_accounts.create(
    "f6e54303-10ce-42b5-a4b0-b28c19cf5025",
    bank_account_number="4327843043",
    bank_routing_number="121042882",
    bank_account_nickname="Joe checking",
)
print(result)
