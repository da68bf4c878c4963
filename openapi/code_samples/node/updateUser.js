const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.users.update('f6e54303-10ce-42b5-a4b0-b28c19cf5025', {
  phone_number: '16742562188',
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
