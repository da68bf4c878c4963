// The optimizer's problem: its shape, the checks that refuse a bad one (each naming its field),
// and the prepared form the solver works on. Pure numbers: no I/O, floats are fine here (weights).
import { at, dot, jacobiEigenvalues, matVec } from './linear-algebra.ts';

export interface OptimizeProblem {
  expected_returns: number[];
  covariance: number[][];
  min_weight?: number;
  max_weight?: number;
}

export interface FrontierPortfolio {
  weights: number[];
  expected_return: number;
  volatility: number;
}

export interface MaxSharpePortfolio extends FrontierPortfolio {
  sharpe_ratio: number;
}

/** A turning point with the risk-aversion multiplier λ at which the critical line reaches it. */
export interface Corner extends FrontierPortfolio {
  lambda: number;
}

export class OptimizerInputError extends RangeError {
  override name = 'OptimizerInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export const MAX_ASSETS = 50;
/** |Σij − Σji| allowed, relative to the largest |Σij|. */
export const SYMMETRY_TOLERANCE = 1e-10;
/** Smallest eigenvalue allowed, as a negative fraction of the largest |eigenvalue| (rounding noise). */
export const PSD_TOLERANCE = 1e-10;

export interface Prepared {
  n: number;
  mu: number[];
  sigma: number[][];
  /** The matrix the critical line solves with: Σ, or Σ plus a tiny ridge when Σ is singular. */
  kkt: number[][];
  lower: number[];
  upper: number[];
}

export function validateProblem(problem: OptimizeProblem): void {
  prepare(problem);
}

export function prepare(problem: OptimizeProblem): Prepared {
  const { expected_returns: mu, covariance: cov } = problem;
  if (!Array.isArray(mu)) throw new OptimizerInputError('expected_returns', 'must be an array of numbers');
  if (!Array.isArray(cov)) throw new OptimizerInputError('covariance', 'must be an array of rows');
  const n = mu.length;
  if (n < 2 || n > MAX_ASSETS) throw new OptimizerInputError('expected_returns', `must have 2 to ${MAX_ASSETS} assets, got ${n}`);
  mu.forEach((m, i) => {
    if (typeof m !== 'number' || !Number.isFinite(m)) throw new OptimizerInputError('expected_returns', `entry ${i} is not a finite number`);
  });
  if (cov.length !== n) throw new OptimizerInputError('covariance', `has ${cov.length} rows but expected_returns has ${n} assets`);
  cov.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) throw new OptimizerInputError('covariance', `is not square: row ${i} has ${Array.isArray(row) ? row.length : 0} entries, expected ${n}`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptimizerInputError('covariance', `entry [${i}][${j}] is not a finite number`);
    });
  });
  const sigma = symmetrised(cov, n);
  checkPositiveSemidefinite(sigma);
  const [lo, hi] = bounds(problem, n);
  return { n, mu: [...mu], sigma, kkt: sigma, lower: Array(n).fill(lo), upper: Array(n).fill(hi) };
}

function symmetrised(cov: number[][], n: number): number[][] {
  let scale = 0;
  for (const row of cov) for (const v of row) scale = Math.max(scale, Math.abs(v));
  const s: number[][] = [];
  for (let i = 0; i < n; i++) {
    s.push([]);
    for (let j = 0; j < n; j++) {
      const a = at(cov, i, j);
      const b = at(cov, j, i);
      if (Math.abs(a - b) > SYMMETRY_TOLERANCE * scale) throw new OptimizerInputError('covariance', `is not symmetric: [${i}][${j}] = ${a} but [${j}][${i}] = ${b}`);
      s[i]!.push((a + b) / 2);
    }
  }
  return s;
}

function checkPositiveSemidefinite(sigma: number[][]): void {
  const eig = jacobiEigenvalues(sigma);
  const largest = Math.max(...eig.map(Math.abs));
  const smallest = Math.min(...eig);
  if (smallest < -PSD_TOLERANCE * largest) throw new OptimizerInputError('covariance', `is not positive semi-definite: smallest eigenvalue ${smallest.toPrecision(6)}`);
}

function bounds(problem: OptimizeProblem, n: number): [number, number] {
  const lo = problem.min_weight ?? 0;
  const hi = problem.max_weight ?? 1;
  if (!Number.isFinite(lo) || lo < 0 || lo >= 1) throw new OptimizerInputError('min_weight', `must be at least 0 and below 1, got ${lo}`);
  if (!Number.isFinite(hi) || hi <= 0 || hi > 1) throw new OptimizerInputError('max_weight', `must be above 0 and at most 1, got ${hi}`);
  if (lo > hi) throw new OptimizerInputError('min_weight', `${lo} is above max_weight ${hi}`);
  // A whisker of slack so that e.g. 3 × (1/3) is not refused for rounding.
  if (n * lo > 1 + 1e-12) throw new OptimizerInputError('min_weight', `${n} assets × ${lo} exceeds 1: no feasible portfolio`);
  if (n * hi < 1 - 1e-12) throw new OptimizerInputError('max_weight', `${n} assets × ${hi} is below 1: no feasible portfolio`);
  return [lo, hi];
}

/** The return and volatility of `weights` under the problem, tagged with λ. */
export function describe(p: Prepared, weights: number[], lambda: number): Corner {
  const variance = dot(weights, matVec(p.sigma, weights));
  return { weights, expected_return: dot(weights, p.mu), volatility: Math.sqrt(Math.max(0, variance)), lambda };
}
