import finos

client = finos.Client("sk_test_yourkey")

result = client.asset_classes.update(
    "us-stocks",
    primary="ITOT",
    secondary=[
        "SCHB",
        "VTI",
    ],
)
print(result)
