const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.portfolios.optimize({
  expected_returns: [
    0.07,
    0.065,
    0.035,
  ],
  covariance: [
    [
      0.0256,
      0.02176,
      0.00192,
    ],
    [
      0.02176,
      0.0289,
      0.00204,
    ],
    [
      0.00192,
      0.00204,
      0.0036,
    ],
  ],
  max_weight: 0.6,
  risk_free_rate: 0.02,
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
