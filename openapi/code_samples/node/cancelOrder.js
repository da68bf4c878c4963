const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.orders.cancel('904837e3-3b76-47ec-b432-046db621571b')
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
