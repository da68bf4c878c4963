import { describe, expect, it } from 'vitest';
// Seeded uniforms: the project's one mulberry32.
import { rng } from '../market/seeded-random.ts';
import { baileyExample, baileyTurningPoints, contractExample } from './optimizer-fixtures.ts';
import {
  criticalLine,
  efficientFrontier,
  maxSharpe,
  minimumVariance,
  optimize,
  OptimizerInputError,
  validateProblem,
  type Corner,
  type OptimizeProblem,
} from './optimizer.ts';

// ---------- independent helpers (no code shared with the solver) ----------

const mv = (m: number[][], x: number[]): number[] => m.map((r) => r.reduce((s, v, j) => s + v * x[j]!, 0));
const dot = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * y[i]!, 0);
const variance = (p: OptimizeProblem, w: number[]): number => dot(w, mv(p.covariance, w));
const sharpe = (p: OptimizeProblem, w: number[], rf: number): number => (dot(w, p.expected_returns) - rf) / Math.sqrt(variance(p, w));

/** Euclidean projection onto {Σw = 1, lo ≤ w ≤ hi} by bisection on the shift. */
function project(v: number[], lo: number, hi: number): number[] {
  const at = (tau: number): number[] => v.map((x) => Math.min(hi, Math.max(lo, x - tau)));
  let a = Math.min(...v) - hi - 1;
  let b = Math.max(...v) - lo + 1;
  for (let k = 0; k < 200; k++) {
    const mid = (a + b) / 2;
    if (at(mid).reduce((s, x) => s + x, 0) > 1) a = mid;
    else b = mid;
  }
  return at((a + b) / 2);
}

/** Gauss–Jordan elimination with partial pivoting; null when singular. */
function gaussJordan(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (Math.abs(m[piv]![c]!) < 1e-14) return null;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((r, i) => r[n]! / r[i]!);
}

/**
 * min ½wᵀΣw − λμᵀw over the bounded simplex by brute force: every split of the assets into
 * lower / upper / free (3ⁿ of them), the equality-constrained optimum of each, the best feasible one.
 */
function bruteForce(p: OptimizeProblem, lambda: number): number[] {
  const n = p.expected_returns.length;
  const lo = p.min_weight ?? 0;
  const hi = p.max_weight ?? 1;
  const f = (w: number[]): number => 0.5 * variance(p, w) - lambda * dot(w, p.expected_returns);
  let best: number[] = [];
  let bestF = Infinity;
  for (let code = 0; code < 3 ** n; code++) {
    const kind = Array.from({ length: n }, (_, i) => Math.floor(code / 3 ** i) % 3);
    const w = kind.map((k) => (k === 0 ? lo : k === 1 ? hi : 0));
    const free = kind.flatMap((k, i) => (k === 2 ? [i] : []));
    const rest = 1 - w.reduce((s, v) => s + v, 0);
    if (free.length === 0 && Math.abs(rest) > 1e-12) continue;
    if (free.length > 0) {
      const sw = mv(p.covariance, w);
      const a = free.map((i) => [...free.map((j) => p.covariance[i]![j]!), 1]);
      a.push([...free.map(() => 1), 0]);
      const x = gaussJordan(a, [...free.map((i) => lambda * p.expected_returns[i]! - sw[i]!), rest]);
      if (x === null) continue;
      free.forEach((i, r) => (w[i] = x[r]!));
      if (free.some((i) => w[i]! < lo - 1e-12 || w[i]! > hi + 1e-12)) continue;
    }
    if (f(w) < bestF) [best, bestF] = [w, f(w)];
  }
  return best;
}

function randomProblem(rand: () => number, n: number, bounds: { min_weight?: number; max_weight?: number }): OptimizeProblem {
  const k = n + 2;
  const a = Array.from({ length: n }, () => Array.from({ length: k }, () => (rand() - 0.5) * 0.4));
  const covariance = a.map((ri) => a.map((rj) => dot(ri, rj) / k));
  const expected_returns = Array.from({ length: n }, () => 0.01 + rand() * 0.1);
  return { expected_returns, covariance, ...bounds };
}

function randomBounds(rand: () => number, n: number): { min_weight?: number; max_weight?: number } {
  switch (Math.floor(rand() * 4)) {
    case 0:
      return {};
    case 1:
      return { max_weight: 1 / n + rand() * (1 - 1 / n) };
    case 2:
      return { min_weight: (rand() * 0.9) / n };
    default:
      return { min_weight: (rand() * 0.5) / n, max_weight: 1 / n + rand() * 0.5 };
  }
}

function randomFeasible(rand: () => number, p: OptimizeProblem): number[] {
  const raw = p.expected_returns.map(() => -Math.log(rand() + 1e-12));
  const s = raw.reduce((x, y) => x + y, 0);
  return project(raw.map((v) => v / s), p.min_weight ?? 0, p.max_weight ?? 1);
}

/** Checks the KKT conditions of min ½wᵀΣw − λμᵀw at a corner, given its λ. */
function expectKkt(p: OptimizeProblem, c: Corner): void {
  const lo = p.min_weight ?? 0;
  const hi = p.max_weight ?? 1;
  const lambda = c.lambda === Infinity ? 0 : c.lambda;
  const scale = Math.max(...p.covariance.flat().map(Math.abs));
  const grad = mv(p.covariance, c.weights).map((v, i) => v - lambda * p.expected_returns[i]!);
  const free = c.weights.flatMap((w, i) => (w > lo + 1e-9 && w < hi - 1e-9 ? [i] : []));
  if (c.lambda === Infinity || free.length === 0) return; // γ is not pinned down: nothing to check
  const gamma = free.reduce((s, i) => s + grad[i]!, 0) / free.length;
  const tol = 1e-9 * (scale + lambda * Math.max(...p.expected_returns.map(Math.abs)));
  for (let i = 0; i < c.weights.length; i++) {
    const g = grad[i]! - gamma;
    if (free.includes(i)) expect(Math.abs(g)).toBeLessThan(tol);
    else if (Math.abs(c.weights[i]! - lo) <= 1e-9) expect(g).toBeGreaterThan(-tol);
    else expect(g).toBeLessThan(tol);
  }
}

function expectFeasible(p: OptimizeProblem, w: number[]): void {
  const lo = p.min_weight ?? 0;
  const hi = p.max_weight ?? 1;
  expect(Math.abs(w.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-9);
  for (const v of w) {
    expect(v).toBeGreaterThanOrEqual(lo - 1e-12);
    expect(v).toBeLessThanOrEqual(hi + 1e-12);
  }
}

const closeAll = (got: number[], want: number[], tol: number): void => {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(tol));
};

// ---------- reference problems ----------

describe('optimizer: reference problems', () => {
  it('reproduces the contract example to 1e-6', () => {
    const got = optimize(contractExample.request);
    const want = contractExample.response;
    expect(got.frontier).toHaveLength(want.frontier.length);
    got.frontier.forEach((c, k) => {
      const w = want.frontier[k]!;
      closeAll(c.weights, w.weights, 1e-6);
      expect(Math.abs(c.expected_return - w.expected_return)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(c.volatility - w.volatility)).toBeLessThanOrEqual(1e-6);
    });
    closeAll(got.min_variance.weights, want.min_variance.weights, 1e-6);
    expect(Math.abs(got.min_variance.volatility - want.min_variance.volatility)).toBeLessThanOrEqual(1e-6);
    closeAll(got.max_sharpe.weights, want.max_sharpe.weights, 1e-6);
    expect(Math.abs(got.max_sharpe.expected_return - want.max_sharpe.expected_return)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(got.max_sharpe.volatility - want.max_sharpe.volatility)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(got.max_sharpe.sharpe_ratio - want.max_sharpe.sharpe_ratio)).toBeLessThanOrEqual(1e-6);
  });

  it('agrees with the single-purpose exports on the contract example', () => {
    const { risk_free_rate, ...problem } = contractExample.request;
    const full = optimize(contractExample.request);
    expect(efficientFrontier(problem)).toEqual(full.frontier);
    expect(minimumVariance(problem)).toEqual(full.min_variance);
    expect(maxSharpe(problem, risk_free_rate)).toEqual(full.max_sharpe);
  });

  it("reproduces Bailey & López de Prado's 10-asset turning points (published to 3 decimals)", () => {
    // The line starts at λ = ∞ and stays there until the paper's first λ: the paper lists it once.
    const line = criticalLine(baileyExample);
    expect(line[0]!.lambda).toBe(Infinity);
    expect(line[0]!.weights).toEqual(line[1]!.weights);
    const corners = line.slice(1);
    expect(corners).toHaveLength(baileyTurningPoints.length);
    expect(efficientFrontier(baileyExample)).toHaveLength(baileyTurningPoints.length);
    corners.forEach((c, k) => {
      const want = baileyTurningPoints[k]!;
      closeAll(c.weights, want.weights, 5.0001e-4);
      expect(Math.abs(c.expected_return - want.expected_return)).toBeLessThanOrEqual(5.0001e-4);
      expect(Math.abs(c.volatility - want.volatility)).toBeLessThanOrEqual(5.0001e-4);
      expect(Math.abs(c.lambda - want.lambda)).toBeLessThanOrEqual(5.0001e-4);
      expectKkt(baileyExample, c);
    });
  });
});

// ---------- properties on random problems ----------

describe('optimizer: properties on random PSD problems', () => {
  const rand = rng(20261121);
  const problems = Array.from({ length: 60 }, (_, k) => {
    const n = 2 + (k % 7);
    return randomProblem(rand, n, randomBounds(rand, n));
  });

  it('returns feasible corners, returns strictly falling and volatility not rising, KKT at each', () => {
    for (const p of problems) {
      const line = criticalLine(p);
      expect(line[0]!.lambda).toBe(Infinity);
      expect(line.at(-1)!.lambda).toBe(0);
      line.forEach((c, k) => {
        expectFeasible(p, c.weights);
        expect(Math.abs(c.volatility - Math.sqrt(variance(p, c.weights)))).toBeLessThan(1e-12);
        expectKkt(p, c);
        if (k > 0) expect(c.lambda).toBeLessThanOrEqual(line[k - 1]!.lambda);
      });
      const frontier = efficientFrontier(p);
      expect(frontier.length).toBeGreaterThanOrEqual(1);
      frontier.forEach((c, k) => {
        expectFeasible(p, c.weights);
        if (k === 0) return;
        expect(c.expected_return).toBeLessThan(frontier[k - 1]!.expected_return);
        expect(c.volatility).toBeLessThanOrEqual(frontier[k - 1]!.volatility + 1e-12);
      });
      expect(frontier.at(-1)).toEqual(minimumVariance(p));
    }
  });

  it('matches a brute-force search over active sets at λ = 0 and inside each stretch', () => {
    for (const p of problems.filter((q) => q.expected_returns.length <= 6)) {
      const corners = criticalLine(p);
      closeAll(minimumVariance(p).weights, bruteForce(p, 0), 1e-9);
      // Between corners at λ_k > λ > λ_{k+1} the optimum is the matching mix of the two corners.
      for (let k = 0; k + 1 < corners.length; k++) {
        const [a, b] = [corners[k]!, corners[k + 1]!];
        if (a.lambda === Infinity || a.lambda === b.lambda) continue;
        const lambda = (a.lambda + b.lambda) / 2;
        const mix = a.weights.map((w, i) => (w + b.weights[i]!) / 2);
        closeAll(mix, bruteForce(p, lambda), 1e-9);
      }
      // Far up the line the optimum is the first corner.
      if (corners[1]!.lambda < Infinity) closeAll(corners[0]!.weights, bruteForce(p, 2 * corners[1]!.lambda + 1), 1e-9);
    }
  });

  it('matches a brute-force grid for the minimum variance with 3 assets', () => {
    for (const p of problems.filter((q) => q.expected_returns.length === 3)) {
      const lo = p.min_weight ?? 0;
      const hi = p.max_weight ?? 1;
      let best = Infinity;
      const steps = 400;
      for (let i = 0; i <= steps; i++) {
        for (let j = 0; i + j <= steps; j++) {
          const w = [i / steps, j / steps, 1 - (i + j) / steps];
          if (w.some((v) => v < lo - 1e-12 || v > hi + 1e-12)) continue;
          best = Math.min(best, variance(p, w));
        }
      }
      const got = minimumVariance(p);
      if (best < Infinity) expect(got.volatility ** 2).toBeLessThanOrEqual(best + 1e-15);
    }
  });

  it('finds a max-Sharpe portfolio no worse than any corner, any point between corners or any random feasible portfolio', () => {
    for (const p of problems) {
      const rf = 0.01 + rand() * 0.03;
      const best = maxSharpe(p, rf);
      expectFeasible(p, best.weights);
      expect(Math.abs(best.sharpe_ratio - sharpe(p, best.weights, rf))).toBeLessThan(1e-12);
      const corners = criticalLine(p);
      const slack = 1e-12;
      for (const c of corners) expect(best.sharpe_ratio).toBeGreaterThanOrEqual(sharpe(p, c.weights, rf) - slack);
      for (let k = 0; k + 1 < corners.length; k++) {
        for (let s = 1; s < 50; s++) {
          const t = s / 50;
          const w = corners[k]!.weights.map((v, i) => v + t * (corners[k + 1]!.weights[i]! - v));
          expect(best.sharpe_ratio).toBeGreaterThanOrEqual(sharpe(p, w, rf) - slack);
        }
      }
      for (let s = 0; s < 50; s++) expect(best.sharpe_ratio).toBeGreaterThanOrEqual(sharpe(p, randomFeasible(rand, p), rf) - slack);
    }
  });
});

// ---------- edge cases ----------

describe('optimizer: edge cases', () => {
  const cov = [
    [0.04, 0.006, 0.002],
    [0.006, 0.09, 0.001],
    [0.002, 0.001, 0.01],
  ];

  it('starts from the least risky mix when the best returns tie', () => {
    const p = { expected_returns: [0.08, 0.08, 0.03], covariance: cov };
    const corners = criticalLine(p);
    const first = corners[0]!;
    // min over w0 + w1 = 1 of 0.04 w0² + 0.012 w0 w1 + 0.09 w1²
    const w0 = (0.09 - 0.006) / (0.04 + 0.09 - 0.012);
    closeAll(first.weights, [w0, 1 - w0, 0], 1e-12);
    corners.forEach((c) => expectKkt(p, c));
    closeAll(minimumVariance(p).weights, bruteForce(p, 0), 1e-9);
  });

  it('settles ties among the marginal assets under bounds, and an all-tied problem at its minimum variance', () => {
    const rand = rng(99);
    for (let trial = 0; trial < 40; trial++) {
      const n = 3 + (trial % 4);
      const base = randomProblem(rand, n, trial % 2 === 0 ? {} : { min_weight: 0.05, max_weight: 0.45 });
      const p = { ...base, expected_returns: base.expected_returns.map((m) => Math.round(m * 40) / 400) };
      const line = criticalLine(p);
      line.forEach((c) => {
        expectFeasible(p, c.weights);
        expectKkt(p, c);
      });
      closeAll(line[0]!.weights, bruteForce(p, 1e6), 1e-6);
      closeAll(minimumVariance(p).weights, bruteForce(p, 0), 1e-9);
    }
    const tied = { expected_returns: [0.05, 0.05, 0.05], covariance: cov, max_weight: 0.5 };
    expect(efficientFrontier(tied)).toEqual([minimumVariance(tied)]);
    closeAll(minimumVariance(tied).weights, bruteForce(tied, 0), 1e-12);
  });

  it('traces a singular (rank-deficient, still PSD) covariance', () => {
    const rand = rng(5);
    for (let trial = 0; trial < 20; trial++) {
      const n = 4 + (trial % 3);
      const factors = Array.from({ length: n }, () => [rand() - 0.5, rand() - 0.5]);
      const p = { expected_returns: factors.map(() => 0.01 + rand() * 0.1), covariance: factors.map((a) => factors.map((b) => dot(a, b))), max_weight: 0.5 };
      expect(() => validateProblem(p)).not.toThrow();
      const line = criticalLine(p);
      line.forEach((c) => {
        expectFeasible(p, c.weights);
        expectKkt(p, c);
      });
      // The minimum variance is not unique here; its value is.
      expect(minimumVariance(p).volatility ** 2).toBeLessThanOrEqual(variance(p, bruteForce(p, 0)) + 1e-9);
    }
  });

  it('returns the single feasible portfolio when min_weight × n = 1', () => {
    const p = { expected_returns: [0.05, 0.07, 0.03], covariance: cov, min_weight: 1 / 3 };
    const corners = efficientFrontier(p);
    expect(corners).toHaveLength(1);
    closeAll(corners[0]!.weights, [1 / 3, 1 / 3, 1 / 3], 1e-12);
    closeAll(maxSharpe(p).weights, [1 / 3, 1 / 3, 1 / 3], 1e-12);
  });

  it('handles a riskless asset', () => {
    const p = {
      expected_returns: [0.08, 0.05, 0.02],
      covariance: [
        [0.04, 0.006, 0],
        [0.006, 0.02, 0],
        [0, 0, 0],
      ],
    };
    const corners = criticalLine(p);
    closeAll(corners.at(-1)!.weights, [0, 0, 1], 1e-12);
    expect(corners.at(-1)!.volatility).toBe(0);
    corners.forEach((c) => expectKkt(p, c));
    const best = maxSharpe(p, 0.02);
    expect(best.volatility).toBeGreaterThan(0);
    for (const c of corners.filter((x) => x.volatility > 0)) expect(best.sharpe_ratio).toBeGreaterThanOrEqual(sharpe(p, c.weights, 0.02) - 1e-12);
  });

  it('solves 50 assets', () => {
    const p = randomProblem(rng(7), 50, { max_weight: 0.1 });
    const corners = criticalLine(p);
    expect(corners.length).toBeGreaterThan(1);
    corners.forEach((c) => expectFeasible(p, c.weights));
    corners.forEach((c) => expectKkt(p, c));
  });
});

// ---------- validation ----------

describe('optimizer: validation at every entry point', () => {
  const ok = { expected_returns: [0.05, 0.07], covariance: [[0.04, 0.01], [0.01, 0.09]] };
  it('refuses a non-finite risk-free rate and surfaces validation from every entry point', () => {
    expect(() => optimize({ ...ok, risk_free_rate: NaN })).toThrow(/risk_free_rate/);
    const bad = { ...ok, covariance: [[0.04, 0.01], [0.02, 0.09]] };
    for (const f of [efficientFrontier, minimumVariance, maxSharpe, criticalLine]) expect(() => f(bad)).toThrow(OptimizerInputError);
  });
});
