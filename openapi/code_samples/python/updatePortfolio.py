import finos

client = finos.Client("sk_test_yourkey")

result = client.portfolios.update(
    "62936e70-1815-439b-bf89-8492855a7e6b",
    name="conservative-custom",
    allocations=[
        {
            "asset_class_id": "us-stocks",
            "weight": "80.0",
        },
        {
            "asset_class_id": "emerging-market-bonds",
            "weight": "20.0",
        },
    ],
)
print(result)
