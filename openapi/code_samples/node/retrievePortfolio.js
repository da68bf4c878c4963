const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.portfolios.fetch('62936e70-1815-439b-bf89-8492855a7e6b')
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
