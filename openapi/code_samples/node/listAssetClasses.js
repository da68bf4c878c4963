const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

(async () => {
  for await (const assetClass of finos.assetClasses.list()) {
    console.log(assetClass);
  }
})();
