const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

(async () => {
  for await (const account of finos.accounts.list('f6e54303-10ce-42b5-a4b0-b28c19cf5025')) {
    console.log(account);
  }
})();
