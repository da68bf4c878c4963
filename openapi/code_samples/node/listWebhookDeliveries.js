const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

(async () => {
  for await (const delivery of finos.webhooks.deliveries('6fe54303-10ce-42b5-a4b0-38bc19cf5025')) {
    console.log(delivery);
  }
})();
