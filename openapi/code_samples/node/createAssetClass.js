const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.assetClasses.create({
  name: 'U.S. Stocks',
  primary: 'VTI',
  secondary: [
    'SCHB',
    'ITOT',
  ],
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
