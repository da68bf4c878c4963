import finos

client = finos.Client("sk_test_yourkey")

result = client.portfolios.optimize(
    expected_returns=[
        0.07,
        0.065,
        0.035,
    ],
    covariance=[
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
    max_weight=0.6,
    risk_free_rate=0.02,
)
print(result)
