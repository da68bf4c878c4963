import finos

client = finos.Client("sk_test_yourkey")

result = client.portfolios.create(
    name="growth-tilt",
    allocations=[
        {
            "asset_class_id": "us-stocks",
            "weight": "45.5",
        },
        {
            "asset_class_id": "foreign-stocks",
            "weight": "24.5",
        },
        {
            "asset_class_id": "emerging-market",
            "weight": "10.0",
        },
        {
            "asset_class_id": "corporate-bonds",
            "weight": "20.0",
        },
    ],
)
print(result)
