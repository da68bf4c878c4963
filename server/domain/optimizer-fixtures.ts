// Reference problems for optimizer.test.ts: the contract's example and the 10-asset example of
// Bailey & López de Prado (2013), data and published turning points as in cvxgrp/cvxcla tests/resources.

export const contractExample = {
  request: {
    expected_returns: [0.07, 0.065, 0.035],
    covariance: [
      [0.0256, 0.02176, 0.00192],
      [0.02176, 0.0289, 0.00204],
      [0.00192, 0.00204, 0.0036],
    ],
    max_weight: 0.6,
    risk_free_rate: 0.02,
  },
  response: {
    frontier: [
      { weights: [0.6, 0.4, 0], expected_return: 0.068, volatility: 0.155836 },
      { weights: [0.6, 0.031982, 0.368018], expected_return: 0.056959, volatility: 0.107071 },
      { weights: [0.375528, 0.024472, 0.6], expected_return: 0.048878, volatility: 0.079048 },
      { weights: [0.266667, 0.133333, 0.6], expected_return: 0.048333, volatility: 0.07822 },
    ],
    min_variance: { weights: [0.266667, 0.133333, 0.6], expected_return: 0.048333, volatility: 0.07822 },
    max_sharpe: { weights: [0.365002, 0.034998, 0.6], expected_return: 0.048825, volatility: 0.078896, sharpe_ratio: 0.365355 },
  },
};

export const baileyExample = {
  expected_returns: [1.175, 1.19, 0.396, 1.12, 0.346, 0.679, 0.089, 0.73, 0.481, 1.08],
  covariance: [
    [0.40755159, 0.03175842, 0.05183923, 0.05663904, 0.0330226, 0.00827775, 0.02165938, 0.01332419, 0.0343476, 0.02249903],
    [0.03175842, 0.9063047, 0.03136385, 0.02687256, 0.01917172, 0.00934384, 0.02495043, 0.00761036, 0.02874874, 0.01336866],
    [0.05183923, 0.03136385, 0.19490901, 0.04408485, 0.03006772, 0.01322738, 0.03525971, 0.0115493, 0.0427563, 0.02057303],
    [0.05663904, 0.02687256, 0.04408485, 0.19528471, 0.02777345, 0.00526665, 0.01375808, 0.00780878, 0.02914176, 0.01640377],
    [0.0330226, 0.01917172, 0.03006772, 0.02777345, 0.34059105, 0.00777055, 0.02067844, 0.00736409, 0.02542657, 0.01284075],
    [0.00827775, 0.00934384, 0.01322738, 0.00526665, 0.00777055, 0.15983874, 0.02105575, 0.00518686, 0.01723737, 0.00723779],
    [0.02165938, 0.02495043, 0.03525971, 0.01375808, 0.02067844, 0.02105575, 0.68056711, 0.01377882, 0.04627027, 0.01926088],
    [0.01332419, 0.00761036, 0.0115493, 0.00780878, 0.00736409, 0.00518686, 0.01377882, 0.95526918, 0.0106553, 0.00760955],
    [0.0343476, 0.02874874, 0.0427563, 0.02914176, 0.02542657, 0.01723737, 0.04627027, 0.0106553, 0.31681584, 0.01854318],
    [0.02249903, 0.01336866, 0.02057303, 0.01640377, 0.01284075, 0.00723779, 0.01926088, 0.00760955, 0.01854318, 0.11079287],
  ],
};

/** Published turning points, rounded to 3 decimals: return, risk (volatility), λ, weights. */
export const baileyTurningPoints: { expected_return: number; volatility: number; lambda: number; weights: number[] }[] = [
  { expected_return: 1.19, volatility: 0.952, lambda: 58.303, weights: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
  { expected_return: 1.18, volatility: 0.546, lambda: 4.174, weights: [0.649, 0.351, 0, 0, 0, 0, 0, 0, 0, 0] },
  { expected_return: 1.16, volatility: 0.417, lambda: 1.946, weights: [0.434, 0.231, 0, 0.335, 0, 0, 0, 0, 0, 0] },
  { expected_return: 1.111, volatility: 0.267, lambda: 0.165, weights: [0.127, 0.072, 0, 0.281, 0, 0, 0, 0, 0, 0.52] },
  { expected_return: 1.108, volatility: 0.265, lambda: 0.147, weights: [0.123, 0.07, 0, 0.279, 0, 0, 0, 0.006, 0, 0.521] },
  { expected_return: 1.022, volatility: 0.23, lambda: 0.056, weights: [0.087, 0.05, 0, 0.224, 0, 0.174, 0, 0.03, 0, 0.435] },
  { expected_return: 1.015, volatility: 0.228, lambda: 0.052, weights: [0.085, 0.049, 0, 0.22, 0, 0.18, 0, 0.031, 0.006, 0.429] },
  { expected_return: 0.973, volatility: 0.22, lambda: 0.037, weights: [0.074, 0.044, 0, 0.199, 0.026, 0.198, 0, 0.033, 0.028, 0.398] },
  { expected_return: 0.95, volatility: 0.216, lambda: 0.031, weights: [0.068, 0.041, 0.015, 0.188, 0.034, 0.202, 0, 0.034, 0.034, 0.383] },
  { expected_return: 0.803, volatility: 0.205, lambda: 0, weights: [0.037, 0.027, 0.095, 0.126, 0.077, 0.219, 0.03, 0.036, 0.061, 0.292] },
];
