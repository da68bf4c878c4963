import finos

client = finos.Client("sk_test_yourkey")

result = client.kyc.fetch("S-BNTwVDLrlRvHbKVhRa8X")
print(result)
