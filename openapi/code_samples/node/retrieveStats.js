const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.stocks.stats('AAPL')
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
