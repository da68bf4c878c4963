const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.webhooks.create({
  name: 'My_Webhook_Name',
  config: {
    url: 'https://example.com/finos-webhook',
    basic_auth_username: 'finos_user',
    basic_auth_password: 'finos_passwd',
  },
  events: [
    'usertransition.*',
  ],
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
