const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

(async () => {
  for await (const harvest of finos.accounts.harvests('2d931510-d99f-494a-8c67-87feb05e1594')) {
    console.log(harvest);
  }
})();
