// The default catalog every tenant starts with: the nine asset classes the API reference documents, and the three
// default portfolios built from capital-market assumptions (CMAs) by the optimizer. Pure and
// deterministic: the same inputs on every machine, whatever the clock says.
//
// The procedure (docs/guides/portfolios.md explains it for readers; keep the two in step):
// 1. History. Daily closes of each class's primary ETF from the simulated market, for the fixed
//    window HISTORY_START..HISTORY_END (five years ending on the universe's anchor date), read
//    as of a fixed instant after the last close. Simple daily returns r = close_t / close_{t-1} − 1.
// 2. Sample estimates. Annualised mean = 252 × mean daily return; annualised covariance =
//    252 × the sample covariance (divisor n − 1) of the daily returns.
// 3. Shrinkage. Five years of returns pin down covariances well but means badly (the standard
//    error of a mean return is σ/√5 ≈ 7 points for a 16%-volatility ETF), so the expected return
//    of each class is  SHRINKAGE × prior + (1 − SHRINKAGE) × sample mean  with the long-run
//    priors of LONG_RUN_RETURNS. The covariance is used as estimated.
// 4. Optimisation. Long-only mean-variance (the critical line algorithm, domain/optimizer.ts)
//    with every weight between MIN_WEIGHT and MAX_WEIGHT.
// 5. Picks. Along the efficient frontier (corners joined by straight-line mixes of weights) the
//    point whose volatility is TARGET_VOLATILITY[risk] of the way from the minimum-variance
//    portfolio's volatility to the highest-return corner's: conservative 5%, moderate 30%,
//    aggressive 75%. (The simulated asset classes move almost independently of each other, so
//    diversification is strong and the frontier bends early: these fractions give roughly 60%,
//    30% and 0% bonds.)
// 6. Percent weights. percentWeights(): classes under DROP_BELOW_PERCENT are dropped, the rest
//    scaled back to 100 and rounded to one decimal by largest remainder, so they add up to
//    exactly 100.0.
import type { IsoDate } from './calendar.ts';
import { Decimal } from './money.ts';
import { efficientFrontier, minimumVariance, type FrontierPortfolio, type OptimizeProblem } from './optimizer.ts';

export type RiskTolerance = 'conservative' | 'moderate' | 'aggressive';
export const RISK_TOLERANCES: readonly RiskTolerance[] = ['conservative', 'moderate', 'aggressive'];

export interface AssetClassSeed {
  id: string;
  name: string;
  primary: string;
  secondary: readonly string[];
}

/** The nine default classes the API reference documents, in the API reference's order (openapi/components/schemas/AssetClass.yaml). */
export const DEFAULT_ASSET_CLASSES: readonly AssetClassSeed[] = [
  { id: 'us-stocks', name: 'U.S. Stocks', primary: 'VTI', secondary: ['SCHB', 'ITOT'] },
  { id: 'foreign-stocks', name: 'Foreign Stocks', primary: 'SCHF', secondary: ['VEA', 'IXUS'] },
  { id: 'emerging-market', name: 'Emerging Markets', primary: 'VWO', secondary: ['IEMG', 'SCHE'] },
  { id: 'dividend-stocks', name: 'Dividend Stocks', primary: 'VIG', secondary: ['SCHD', 'DVY'] },
  { id: 'natural-resources', name: 'Natural Resources', primary: 'VDE', secondary: ['XLE'] },
  { id: 'real-estate', name: 'Real Estate', primary: 'VNQ', secondary: ['IYR', 'SCHH'] },
  { id: 'municipal-bonds', name: 'Municipal Bonds', primary: 'VTEB', secondary: ['TFI', 'MUB'] },
  { id: 'emerging-market-bonds', name: 'Emerging Market Bonds', primary: 'EMB', secondary: ['PCY', 'EMLC'] },
  { id: 'corporate-bonds', name: 'Corporate Bonds', primary: 'LQD', secondary: ['VCIT', 'SPIB'] },
];

export const HISTORY_START: IsoDate = '2021-01-01';
export const HISTORY_END: IsoDate = '2025-12-31';
/** Trading days per year: annualises daily means and covariances. */
export const ANNUALIZATION = 252;
/** Weight of the long-run prior in each expected return (the rest is the sample mean). */
export const SHRINKAGE = 0.75;
/** Long-run annual expected returns (arithmetic, fractions) per default class: the shrinkage prior. */
export const LONG_RUN_RETURNS: Readonly<Record<string, number>> = {
  'us-stocks': 0.075,
  'foreign-stocks': 0.07,
  'emerging-market': 0.085,
  'dividend-stocks': 0.07,
  'natural-resources': 0.075,
  'real-estate': 0.07,
  'municipal-bonds': 0.03,
  'emerging-market-bonds': 0.05,
  'corporate-bonds': 0.04,
};
export const MIN_WEIGHT = 0;
export const MAX_WEIGHT = 0.35;
/** Where each default sits between the minimum-variance (0) and the highest-return (1) volatility. */
export const TARGET_VOLATILITY: Readonly<Record<RiskTolerance, number>> = { conservative: 0.05, moderate: 0.3, aggressive: 0.75 };
/** Classes the optimizer gives less than this (percent) are left out of a default portfolio. */
export const DROP_BELOW_PERCENT = 0.5;
/** Decimals of a default portfolio's percent weights. */
export const PERCENT_DECIMALS = 1;

/** Daily closes (any unit, oldest first) of one series. */
export type CloseSeries = readonly number[];

export interface CapitalMarketAssumptions {
  /** Class ids, the order of every vector and matrix below. */
  ids: string[];
  /** Annualised sample mean of simple daily returns. */
  sample_returns: number[];
  /** What the optimizer uses: the shrunk expected returns. */
  expected_returns: number[];
  /** Annualised sample covariance of simple daily returns. */
  covariance: number[][];
  /** Number of daily returns behind the estimates. */
  observations: number;
}

/** Steps 1–3: annualised CMAs from aligned daily closes (one series per class, same dates). */
export function capitalMarketAssumptions(ids: readonly string[], closes: readonly CloseSeries[], priors: Readonly<Record<string, number>> = LONG_RUN_RETURNS, shrinkage = SHRINKAGE): CapitalMarketAssumptions {
  if (ids.length !== closes.length) throw new RangeError(`${ids.length} ids but ${closes.length} close series`);
  const len = closes[0]?.length ?? 0;
  if (len < 3 || closes.some((c) => c.length !== len)) throw new RangeError('close series must be aligned and have at least 3 closes');
  const returns = closes.map((c) => c.slice(1).map((v, t) => v / c[t]! - 1));
  const m = len - 1;
  const means = returns.map((r) => r.reduce((a, b) => a + b, 0) / m);
  const covariance = returns.map((ri, i) =>
    returns.map((rj, j) => {
      let s = 0;
      for (let t = 0; t < m; t++) s += (ri[t]! - means[i]!) * (rj[t]! - means[j]!);
      return (ANNUALIZATION * s) / (m - 1);
    }),
  );
  // Sum in a fixed order so (i, j) and (j, i) are the same float: the matrix is exactly symmetric.
  for (let i = 0; i < ids.length; i++) for (let j = 0; j < i; j++) covariance[i]![j] = covariance[j]![i]!;
  const sample_returns = means.map((x) => x * ANNUALIZATION);
  const expected_returns = sample_returns.map((s, i) => {
    const prior = priors[ids[i]!];
    if (prior === undefined) throw new RangeError(`no long-run return for ${ids[i]}`);
    return shrinkage * prior + (1 - shrinkage) * s;
  });
  return { ids: [...ids], sample_returns, expected_returns, covariance, observations: m };
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const volatilityOf = (w: readonly number[], cov: number[][]) => Math.sqrt(Math.max(0, dot(w, cov.map((row) => dot(row, w)))));

/**
 * The frontier portfolio with volatility `target`, clamped to the frontier's range. The frontier is
 * the corners (highest return first) joined by straight-line mixes of weights; along each mix the
 * volatility is convex, so between a lower- and a higher-volatility corner it is found by bisection.
 */
export function frontierAtVolatility(corners: readonly FrontierPortfolio[], cov: number[][], target: number): number[] {
  const last = corners[corners.length - 1]!;
  if (target <= last.volatility) return [...last.weights];
  if (target >= corners[0]!.volatility) return [...corners[0]!.weights];
  // Walk from the minimum-variance end up to the first stretch that reaches the target.
  for (let k = corners.length - 1; k > 0; k--) {
    const lo = corners[k]!.weights;
    const hi = corners[k - 1]!.weights;
    if (corners[k - 1]!.volatility < target) continue;
    const mix = (t: number) => lo.map((v, i) => v + t * (hi[i]! - v));
    let a = 0;
    let b = 1;
    for (let it = 0; it < 200 && b - a > 1e-15; it++) {
      const t = (a + b) / 2;
      if (volatilityOf(mix(t), cov) < target) a = t;
      else b = t;
    }
    return mix((a + b) / 2);
  }
  return [...corners[0]!.weights];
}

/**
 * Percent strings with `decimals` decimals that add up to exactly 100. Fractions below
 * `dropBelow` percent become 0 (and are left out by the caller); the rest are scaled to 100 and
 * rounded by largest remainder: each share is rounded down to the grid, and the units still
 * missing go one each to the largest remainders (ties: the earlier asset). Exact integer
 * arithmetic on the grid; the floats only decide who gets the leftover units.
 */
export function percentWeights(fractions: readonly number[], decimals = PERCENT_DECIMALS, dropBelow = DROP_BELOW_PERCENT): string[] {
  if (fractions.some((f) => !Number.isFinite(f) || f < 0)) throw new RangeError('fractions must be finite and non-negative');
  const kept = fractions.map((f) => (f * 100 >= dropBelow ? f : 0));
  const total = kept.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new RangeError(`no weight of at least ${dropBelow}%`);
  const unitsTotal = 100 * 10 ** decimals;
  const exact = kept.map((f) => (f / total) * unitsTotal);
  const units = exact.map((x) => Math.floor(x));
  let missing = unitsTotal - units.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, r: x - units[i]! }))
    .filter(({ i }) => kept[i]! > 0)
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) units[order[k]!.i]! += 1;
  return units.map((u) => new Decimal(u).div(10 ** decimals).toFixed(decimals));
}

export interface DefaultPortfolio {
  risk_tolerance: RiskTolerance;
  /** Fractions in the order of DEFAULT_ASSET_CLASSES, as the optimizer gave them. */
  weights: number[];
  expected_return: number;
  volatility: number;
  /** The classes kept, in DEFAULT_ASSET_CLASSES order, with percent weights summing to 100. */
  allocations: { asset_class_id: string; weight: string }[];
}

export interface DefaultCatalog {
  cma: CapitalMarketAssumptions;
  frontier: FrontierPortfolio[];
  portfolios: DefaultPortfolio[];
}

/** Steps 4–6 over given CMAs. */
export function buildDefaultPortfolios(cma: CapitalMarketAssumptions): DefaultCatalog {
  const problem: OptimizeProblem = { expected_returns: cma.expected_returns, covariance: cma.covariance, min_weight: MIN_WEIGHT, max_weight: MAX_WEIGHT };
  const frontier = efficientFrontier(problem);
  const minVol = minimumVariance(problem).volatility;
  const maxVol = frontier[0]!.volatility;
  const portfolios = RISK_TOLERANCES.map((risk): DefaultPortfolio => {
    const weights = frontierAtVolatility(frontier, cma.covariance, minVol + TARGET_VOLATILITY[risk] * (maxVol - minVol));
    const percents = percentWeights(weights);
    return {
      risk_tolerance: risk,
      weights,
      expected_return: dot(weights, cma.expected_returns),
      volatility: volatilityOf(weights, cma.covariance),
      allocations: cma.ids.map((id, i) => ({ asset_class_id: id, weight: percents[i]! })).filter((a) => !new Decimal(a.weight).isZero()),
    };
  });
  return { cma, frontier, portfolios };
}

const pct = (x: number, dp = 1) => `${(100 * x).toFixed(dp)}%`;

/**
 * The tables docs/guides/portfolios.md shows between its `<!-- defaults:begin -->` and
 * `<!-- defaults:end -->` markers: the CMAs and the three portfolios, generated from the code's
 * own output (a test compares them, so the guide cannot go stale).
 */
export function defaultsMarkdown(catalog: DefaultCatalog): string {
  const { cma, portfolios } = catalog;
  const names = new Map(DEFAULT_ASSET_CLASSES.map((c) => [c.id, c]));
  const lines = [
    `Capital-market assumptions (${cma.observations} daily returns, ${HISTORY_START} to ${HISTORY_END}, annualised):`,
    '',
    '| Asset class | ETF | sample return | long-run prior | expected return | volatility |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...cma.ids.map((id, i) => `| ${names.get(id)!.name} | ${names.get(id)!.primary} | ${pct(cma.sample_returns[i]!, 2)} | ${pct(LONG_RUN_RETURNS[id]!, 2)} | ${pct(cma.expected_returns[i]!, 2)} | ${pct(Math.sqrt(cma.covariance[i]![i]!), 2)} |`),
    '',
    'The default portfolios (percent weights):',
    '',
    `| Asset class | ${portfolios.map((p) => p.risk_tolerance).join(' | ')} |`,
    `| --- | ${portfolios.map(() => '---:').join(' | ')} |`,
    ...cma.ids.map((id) => `| ${names.get(id)!.name} | ${portfolios.map((p) => p.allocations.find((a) => a.asset_class_id === id)?.weight ?? '–').join(' | ')} |`),
    `| **Expected return** | ${portfolios.map((p) => pct(p.expected_return, 2)).join(' | ')} |`,
    `| **Volatility** | ${portfolios.map((p) => pct(p.volatility, 2)).join(' | ')} |`,
  ];
  return lines.join('\n');
}
