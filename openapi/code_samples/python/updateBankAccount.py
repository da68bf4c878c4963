import finos

client = finos.Client("sk_test_yourkey")

result = client.bank_accounts.update(
    "bad85eb9-0713-4da7-8d36-07a8e4b00eab",
    default=True,
    bank_account_nickname="Joe WF Checking",
)
print(result)
