import finos

client = finos.Client("sk_test_yourkey")

result = client.withdrawals.create_legacy(
    account_id="2d931510-d99f-494a-8c67-87feb05e1594",
    bank_account_id="bad85eb9-0713-4da7-8d36-07a8e4b00eab",
    amount="202.00",
)
print(result)
