const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.accounts.updateSettings('2d931510-d99f-494a-8c67-87feb05e1594', {
  managed: true,
  min_cash_percent: '1',
  max_cash_percent: '5',
  portfolio_id: '62936e70-1815-439b-bf89-8492855a7e6b',
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
