import finos

client = finos.Client("sk_test_yourkey")

result = client.webhooks.create(
    name="My_Webhook_Name",
    config={
        "url": "https://example.com/finos-webhook",
        "basic_auth_username": "finos_user",
        "basic_auth_password": "finos_passwd",
    },
    events=[
        "usertransition.*",
    ],
)
print(result)
