curl -X POST "https://api.finos.com/v1/portfolios/optimize" \
  -u sk_test_yourkey: \
  -H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
  -H "Content-Type: application/json" \
  -d '{
    "expected_returns": [
      0.07,
      0.065,
      0.035
    ],
    "covariance": [
      [
        0.0256,
        0.02176,
        0.00192
      ],
      [
        0.02176,
        0.0289,
        0.00204
      ],
      [
        0.00192,
        0.00204,
        0.0036
      ]
    ],
    "max_weight": 0.6,
    "risk_free_rate": 0.02
  }'
