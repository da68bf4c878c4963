import finos

client = finos.Client("sk_test_yourkey")

result = client.asset_classes.create(
    name="U.S. Stocks",
    primary="VTI",
    secondary=[
        "SCHB",
        "ITOT",
    ],
)
print(result)
