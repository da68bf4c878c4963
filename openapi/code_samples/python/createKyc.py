import finos

client = finos.Client("sk_test_yourkey")

result = client.kyc.create(
    phone_number="18042562188",
    first_name="John",
    last_name="Doe",
    email_address="johndoe@finos.com",
    birth_date="1985-01-23",
    ssn_number="123456789",
    address_line_1="123 Test St",
    address_city="Richmond",
    address_state="VA",
    address_postal_code="23220",
    address_country_code="US",
)
print(result)
