const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.orders.create({
  account_id: '2d931510-d99f-494a-8c67-87feb05e1594',
  symbol: 'GOOG',
  quantity: '0.2',
  side: 'buy',
  type: 'market',
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
