const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.bankAccounts.create('f6e54303-10ce-42b5-a4b0-b28c19cf5025', {
  bank_account_number: '4327843043',
  bank_routing_number: '121042882',
  bank_account_nickname: 'Joe checking',
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
