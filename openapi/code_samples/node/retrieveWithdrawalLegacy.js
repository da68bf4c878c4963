const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.withdrawals.fetchLegacy('7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b')
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
