const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.events.fetch('0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f')
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
