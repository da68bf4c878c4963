const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.bankAccounts.update('bad85eb9-0713-4da7-8d36-07a8e4b00eab', {
  default: true,
  bank_account_nickname: 'Joe WF Checking',
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
