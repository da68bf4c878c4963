import finos

client = finos.Client("sk_test_yourkey")

result = client.kyc.upload_document(
    "S-BNTwVDLrlRvHbKVhRa8X",
    name="john_doe_driver_license",
    extension="pdf",
    type="license",
    notes="Uploaded from email customer sent",
    data="JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK",
)
print(result)
