import { describe, expect, it } from 'vitest';
import { OptimizerInputError, validateProblem, type OptimizeProblem } from './optimizer-problem.ts';

describe('optimizer: validateProblem', () => {
  const ok = { expected_returns: [0.05, 0.07], covariance: [[0.04, 0.01], [0.01, 0.09]] };
  const fails = (p: unknown, field: string, message: RegExp): void => {
    let caught: unknown;
    try {
      validateProblem(p as OptimizeProblem);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OptimizerInputError);
    expect((caught as OptimizerInputError).field).toBe(field);
    expect((caught as Error).message).toMatch(message);
  };

  it('accepts a good problem, tiny asymmetry and a singular PSD matrix', () => {
    expect(() => validateProblem(ok)).not.toThrow();
    expect(() => validateProblem({ ...ok, covariance: [[0.04, 0.01], [0.01 + 1e-13, 0.09]] })).not.toThrow();
    expect(() => validateProblem({ ...ok, covariance: [[1, 1], [1, 1]] })).not.toThrow();
    expect(() => validateProblem({ ...ok, min_weight: 0.5, max_weight: 0.5 })).not.toThrow();
  });

  it('names every problem and its field', () => {
    fails({ ...ok, expected_returns: [0.05] }, 'expected_returns', /2 to 50/);
    fails({ ...ok, expected_returns: Array(51).fill(0.01) }, 'expected_returns', /2 to 50/);
    fails({ ...ok, expected_returns: [0.05, NaN] }, 'expected_returns', /finite/);
    fails({ ...ok, expected_returns: [0.05, Infinity] }, 'expected_returns', /finite/);
    fails({ ...ok, covariance: [[0.04, 0.01]] }, 'covariance', /1 rows.*2 assets/);
    fails({ ...ok, covariance: [[0.04, 0.01], [0.01]] }, 'covariance', /not square/);
    fails({ ...ok, covariance: [[0.04, 0.01], [0.01, NaN]] }, 'covariance', /finite/);
    fails({ ...ok, covariance: [[0.04, -Infinity], [0.01, 0.09]] }, 'covariance', /finite/);
    fails({ ...ok, covariance: [[0.04, 0.01], [0.02, 0.09]] }, 'covariance', /not symmetric/);
    fails({ ...ok, covariance: [[0.04, 0.1], [0.1, 0.09]] }, 'covariance', /not positive semi-definite/);
    fails({ ...ok, covariance: [[-0.04, 0], [0, 0.09]] }, 'covariance', /not positive semi-definite/);
    fails({ ...ok, min_weight: 0.6 }, 'min_weight', /no feasible portfolio/);
    fails({ ...ok, max_weight: 0.4 }, 'max_weight', /no feasible portfolio/);
    fails({ ...ok, min_weight: 0.5, max_weight: 0.4 }, 'min_weight', /above max_weight/);
    fails({ ...ok, min_weight: -0.1 }, 'min_weight', /at least 0/);
    fails({ ...ok, max_weight: 1.5 }, 'max_weight', /at most 1/);
    fails({ ...ok, max_weight: NaN }, 'max_weight', /at most 1/);
  });
});
