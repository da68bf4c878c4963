import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.webhooks.create({
  name: 'My_Webhook_Name',
  config: {
    url: 'https://example.com/finos-webhook',
    basic_auth_username: 'finos_user',
    basic_auth_password: 'finos_passwd',
  },
  events: [
    'usertransition.*',
  ],
}, { idempotencyKey: randomUUID() });
console.log(result);
