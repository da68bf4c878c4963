import finos

client = finos.Client("sk_test_yourkey")

result = client.orders.create(
    account_id="2d931510-d99f-494a-8c67-87feb05e1594",
    symbol="GOOG",
    quantity="0.2",
    side="buy",
    type="market",
)
print(result)
