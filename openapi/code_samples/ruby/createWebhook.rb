require 'finos'

client = Finos::Client.new('sk_test_yourkey', base_url: 'http://127.0.0.1:8080')

result = client.webhooks.create(
  name: 'My_Webhook_Name',
  config: {
    url: 'https://example.com/finos-webhook',
    basic_auth_username: 'finos_user',
    basic_auth_password: 'finos_passwd',
  },
  events: [
    'usertransition.*',
  ],
)
p result
