import finos

client = finos.Client("sk_test_yourkey")

result = client.accounts.update_settings(
    "2d931510-d99f-494a-8c67-87feb05e1594",
    managed=True,
    min_cash_percent="1",
    max_cash_percent="5",
    portfolio_id="62936e70-1815-439b-bf89-8492855a7e6b",
)
print(result)
