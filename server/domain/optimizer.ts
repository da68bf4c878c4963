// Long-only mean-variance portfolios from the critical line: the efficient frontier's corners,
// the minimum-variance and the max-Sharpe portfolio. Pure numbers: no I/O, floats are fine here.
import { clamp, dot, matVec } from './linear-algebra.ts';
import { criticalLine } from './critical-line.ts';
import {
  describe,
  OptimizerInputError,
  prepare,
  type Corner,
  type FrontierPortfolio,
  type MaxSharpePortfolio,
  type OptimizeProblem,
  type Prepared,
} from './optimizer-problem.ts';

// The solver's parts are reached from here too, so callers import the optimizer from one place.
export { criticalLine } from './critical-line.ts';
export { jacobiEigenvalues, solveLinear } from './linear-algebra.ts';
export {
  MAX_ASSETS,
  OptimizerInputError,
  PSD_TOLERANCE,
  SYMMETRY_TOLERANCE,
  validateProblem,
  type Corner,
  type FrontierPortfolio,
  type MaxSharpePortfolio,
  type OptimizeProblem,
} from './optimizer-problem.ts';

/** The distinct corners: a portfolio repeated along the line is one corner of the frontier. */
function distinct(corners: Corner[]): Corner[] {
  const out: Corner[] = [];
  for (const c of corners) {
    const last = out[out.length - 1];
    if (last === undefined || c.weights.some((w, i) => Math.abs(w - last.weights[i]!) > 1e-12)) out.push(c);
    else out[out.length - 1] = c;
  }
  return out;
}

const plain = (c: Corner): FrontierPortfolio => ({ weights: c.weights, expected_return: c.expected_return, volatility: c.volatility });

/** The corner portfolios (turning points) of the efficient frontier, highest expected return first. */
export function efficientFrontier(problem: OptimizeProblem): FrontierPortfolio[] {
  return distinct(criticalLine(problem)).map(plain);
}

/** The global minimum-variance portfolio within the bounds: the last corner. */
export function minimumVariance(problem: OptimizeProblem): FrontierPortfolio {
  return plain(distinct(criticalLine(problem)).at(-1)!);
}

/**
 * The frontier portfolio with the best Sharpe ratio. Between neighbouring corners the weights mix
 * linearly, the return is linear and the variance quadratic in the mix t, and dS/dt = 0 is linear
 * in t, so each stretch is maximised in closed form. Zero-volatility portfolios have no Sharpe
 * ratio and are passed over unless nothing else is left (then sharpe_ratio is 0).
 */
export function maxSharpe(problem: OptimizeProblem, riskFreeRate = 0): MaxSharpePortfolio {
  return bestSharpe(prepare(problem), distinct(criticalLine(problem)), riskFreeRate);
}

function bestSharpe(p: Prepared, corners: Corner[], rf: number): MaxSharpePortfolio {
  let best: MaxSharpePortfolio | null = null;
  const offer = (weights: number[]): void => {
    const c = describe(p, weights, 0);
    if (c.volatility <= 1e-15) return;
    const sharpe_ratio = (c.expected_return - rf) / c.volatility;
    if (best === null || sharpe_ratio > best.sharpe_ratio) best = { ...plain(c), sharpe_ratio };
  };
  const mix = (wa: number[], wb: number[], t: number): number[] => wa.map((a, i) => clamp(a + t * (wb[i]! - a), p.lower[i]!, p.upper[i]!));
  corners.forEach((c) => offer(c.weights));
  for (let k = 0; k + 1 < corners.length; k++) {
    const wa = corners[k]!.weights;
    const wb = corners[k + 1]!.weights;
    const d = wb.map((v, i) => v - wa[i]!);
    const sd = matVec(p.sigma, d);
    const A = dot(d, sd);
    const B = dot(wa, sd);
    const C = dot(wa, matVec(p.sigma, wa));
    const e = dot(wa, p.mu) - rf;
    const dr = dot(d, p.mu);
    const den = dr * B - e * A;
    if (den !== 0) {
      const t = (e * B - dr * C) / den;
      if (t > 0 && t < 1) offer(mix(wa, wb, t));
    }
  }
  if (best !== null) return best;
  const last = corners.at(-1)!;
  return { ...plain(last), sharpe_ratio: 0 };
}

/** Everything the optimize operation returns. */
export function optimize(problem: OptimizeProblem & { risk_free_rate?: number }): {
  frontier: FrontierPortfolio[];
  min_variance: FrontierPortfolio;
  max_sharpe: MaxSharpePortfolio;
} {
  const p = prepare(problem);
  const rf = problem.risk_free_rate ?? 0;
  if (!Number.isFinite(rf)) throw new OptimizerInputError('risk_free_rate', 'must be a finite number');
  const corners = distinct(criticalLine(problem));
  return { frontier: corners.map(plain), min_variance: plain(corners.at(-1)!), max_sharpe: bestSharpe(p, corners, rf) };
}
