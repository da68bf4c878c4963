// Long-only mean-variance optimisation by the critical line algorithm (Markowitz, in the
// formulation of Bailey & López de Prado). Pure numbers: no I/O, floats are fine here (weights).
//
// The path of  min ½wᵀΣw − λμᵀw  s.t. 1ᵀw = 1, l ≤ w ≤ u  is traced from λ = ∞ (highest return)
// down to λ = 0 (minimum variance). On each stretch the free weights are affine in λ; a corner
// (turning point) is where a free weight reaches a bound or a bound weight's multiplier hits zero.

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
const MAX_JACOBI_SWEEPS = 100;
const PIVOT_TOLERANCE = 1e-14;
const RIDGE = 1e-10;

interface Prepared {
  n: number;
  mu: number[];
  sigma: number[][];
  /** The matrix the critical line solves with: Σ, or Σ plus a tiny ridge when Σ is singular. */
  kkt: number[][];
  lower: number[];
  upper: number[];
}

// ---------- validation ----------

export function validateProblem(problem: OptimizeProblem): void {
  prepare(problem);
}

function prepare(problem: OptimizeProblem): Prepared {
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

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (n ≤ 50, so O(n³) per sweep is fine). */
export function jacobiEigenvalues(m: number[][]): number[] {
  const n = m.length;
  const a = m.map((r) => [...r]);
  for (let sweep = 0; sweep < MAX_JACOBI_SWEEPS; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (i === j ? (total += at(a, i, j) ** 2) : (off += at(a, i, j) ** 2));
    if (off <= 1e-30 * (total + off) || off === 0) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(a, p, q);
  }
  return a.map((r, i) => r[i]!);
}

function rotate(a: number[][], p: number, q: number): void {
  const apq = at(a, p, q);
  if (apq === 0) return;
  const theta = (at(a, q, q) - at(a, p, p)) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < a.length; k++) {
    const akp = at(a, k, p);
    const akq = at(a, k, q);
    a[k]![p] = c * akp - s * akq;
    a[k]![q] = s * akp + c * akq;
  }
  for (let k = 0; k < a.length; k++) {
    const apk = at(a, p, k);
    const aqk = at(a, q, k);
    a[p]![k] = c * apk - s * aqk;
    a[q]![k] = s * apk + c * aqk;
  }
}

// ---------- small dense linear algebra ----------

class SingularSystemError extends Error {
  override name = 'SingularSystemError';
}

const at = (m: number[][], i: number, j: number): number => m[i]![j]!;
const dot = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * y[i]!, 0);
const matVec = (m: number[][], x: number[]): number[] => m.map((row) => dot(row, x));

/** Solves A·X = B for several right-hand sides by Gaussian elimination with partial pivoting. */
export function solveLinear(matrix: number[][], rhs: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((r) => [...r]);
  const b = rhs.map((r) => [...r]);
  const scale = Math.max(1e-300, ...matrix.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(at(a, r, col)) > Math.abs(at(a, piv, col))) piv = r;
    if (Math.abs(at(a, piv, col)) <= PIVOT_TOLERANCE * scale) throw new SingularSystemError('optimizer: singular system');
    [a[col], a[piv]] = [a[piv]!, a[col]!];
    for (const x of b) [x[col], x[piv]] = [x[piv]!, x[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = at(a, r, col) / at(a, col, col);
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r]![c]! -= f * at(a, col, c);
      for (const x of b) x[r]! -= f * x[col]!;
    }
  }
  return b.map((x) => {
    const out = Array<number>(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
      let s = x[r]!;
      for (let c = r + 1; c < n; c++) s -= at(a, r, c) * out[c]!;
      out[r] = s / at(a, r, r);
    }
    return out;
  });
}

// ---------- the critical line ----------

type Bound = 'free' | 'lower' | 'upper';

/** Weights and multipliers on one stretch of the line, each as a + λ·b. */
interface Segment {
  wA: number[];
  wB: number[];
  /** (Σw)_j − λμ_j − γ: ≥ 0 keeps a weight at its lower bound, ≤ 0 at its upper. */
  gA: number[];
  gB: number[];
}

function segment(p: Prepared, state: Bound[]): Segment {
  const free = state.flatMap((s, i) => (s === 'free' ? [i] : []));
  const wFixed = state.map((s, i) => (s === 'lower' ? p.lower[i]! : s === 'upper' ? p.upper[i]! : 0));
  const m = free.length;
  // Bordered KKT system [Σ_FF −1; 1ᵀ 0][w_F; γ] = [λμ_F − Σ_FB w_B; 1 − 1ᵀw_B].
  const k = free.map((i) => [...free.map((j) => at(p.kkt, i, j)), -1]);
  k.push([...free.map(() => 1), 0]);
  const sigmaWB = matVec(p.kkt, wFixed);
  const rhsA = [...free.map((i) => -sigmaWB[i]!), 1 - wFixed.reduce((s, v) => s + v, 0)];
  const rhsB = [...free.map((i) => p.mu[i]!), 0];
  const [solA, solB] = solveLinear(k, [rhsA, rhsB]) as [number[], number[]];
  const wA = [...wFixed];
  const wB = Array<number>(p.n).fill(0);
  free.forEach((i, r) => {
    wA[i] = solA[r]!;
    wB[i] = solB[r]!;
  });
  const sA = matVec(p.kkt, wA);
  const sB = matVec(p.kkt, wB);
  const gA = sA.map((v) => v - solA[m]!);
  const gB = sB.map((v, j) => v - p.mu[j]! - solB[m]!);
  return { wA, wB, gA, gB };
}

function startState(p: Prepared): Bound[] {
  const order = p.mu.map((_, i) => i).sort((x, y) => p.mu[y]! - p.mu[x]! || x - y);
  const state: Bound[] = Array(p.n).fill('lower');
  let remaining = 1 - p.lower.reduce((s, v) => s + v, 0);
  for (const i of order) {
    const room = p.upper[i]! - p.lower[i]!;
    if (room >= remaining) {
      state[i] = 'free';
      return state;
    }
    state[i] = 'upper';
    remaining -= room;
  }
  // Rounding left a sliver: the last asset filled carries it.
  state[order[order.length - 1]!] = 'free';
  return state;
}

/**
 * When the marginal asset of the start ties on expected return with others, the start is the
 * least-variance split of the leftover budget among them: a primal active-set pass at λ = ∞.
 */
function settleStart(p: Prepared, state: Bound[]): Bound[] {
  const marginal = state.indexOf('free');
  const tied = (j: number): boolean => p.mu[j] === p.mu[marginal] && p.upper[j]! - p.lower[j]! >= 1e-12;
  let x = segment(p, state).wA;
  for (let it = 0; it < 10 * p.n + 10; it++) {
    const seg = segment(p, state);
    let alpha = 1;
    let block: Event | null = null;
    state.forEach((s, i) => {
      const dir = seg.wA[i]! - x[i]!;
      if (s !== 'free' || Math.abs(dir) < 1e-15) return;
      const to: Bound = dir < 0 ? 'lower' : 'upper';
      const a = ((to === 'lower' ? p.lower[i]! : p.upper[i]!) - x[i]!) / dir;
      if (a < alpha) [alpha, block] = [Math.max(0, a), { lambda: Infinity, asset: i, to }];
    });
    x = x.map((v, i) => v + alpha * (seg.wA[i]! - v));
    if (block !== null) {
      const b: Event = block;
      state[b.asset] = b.to;
      x[b.asset] = b.to === 'lower' ? p.lower[b.asset]! : p.upper[b.asset]!;
      continue;
    }
    let worst = -1;
    let worstValue = -1e-15;
    state.forEach((s, j) => {
      if (s === 'free' || !tied(j)) return;
      const v = (s === 'lower' ? 1 : -1) * seg.gA[j]!;
      if (v < worstValue) [worst, worstValue] = [j, v];
    });
    if (worst < 0) return state;
    state[worst] = 'free';
  }
  throw new Error('optimizer: could not settle the start among tied expected returns');
}

interface Event {
  lambda: number;
  asset: number;
  to: Bound;
}

/** The next turning point below lamCur (inclusive), or null if the stretch runs down to λ = 0. */
function nextEvent(p: Prepared, state: Bound[], seg: Segment, lamCur: number): Event | null {
  let best: Event | null = null;
  const consider = (lambda: number, asset: number, to: Bound): void => {
    const l = Math.min(lambda, lamCur);
    if (l >= 0 && (best === null || l > best.lambda)) best = { lambda: l, asset, to };
  };
  const tiny = 1e-14;
  for (let i = 0; i < p.n; i++) {
    const s = state[i]!;
    if (s === 'free') {
      const b = seg.wB[i]!;
      // As λ falls the weight moves by −b per unit: down to the lower bound if b > 0, up if b < 0.
      if (b > tiny) consider((p.lower[i]! - seg.wA[i]!) / b, i, 'lower');
      else if (b < -tiny) consider((p.upper[i]! - seg.wA[i]!) / b, i, 'upper');
      // A weight that does not move with λ but sits outside its bounds (ties) binds at once.
      else if (seg.wA[i]! < p.lower[i]! - 1e-12) consider(lamCur, i, 'lower');
      else if (seg.wA[i]! > p.upper[i]! + 1e-12) consider(lamCur, i, 'upper');
      continue;
    }
    if (p.upper[i]! - p.lower[i]! < 1e-12) continue; // pinned: never free
    const c = seg.gA[i]!;
    const d = seg.gB[i]!;
    const sign = s === 'lower' ? 1 : -1; // sign·g must stay ≥ 0
    if (sign * d > tiny) consider(-c / d, i, 'free');
    else if (Math.abs(d) <= tiny && sign * c < -1e-12 * (1 + Math.abs(c))) consider(lamCur, i, 'free');
  }
  return best;
}

function portfolioAt(p: Prepared, seg: Segment, lambda: number, tag: number): Corner {
  const weights = seg.wA.map((a, i) => (lambda === Infinity ? a : a + lambda * seg.wB[i]!));
  if (lambda === Infinity && seg.wB.some((b) => Math.abs(b) > 1e-12)) throw new Error(`optimizer: unbounded start (step ${tag})`);
  return describe(p, weights, lambda);
}

function describe(p: Prepared, weights: number[], lambda: number): Corner {
  const variance = dot(weights, matVec(p.sigma, weights));
  return { weights, expected_return: dot(weights, p.mu), volatility: Math.sqrt(Math.max(0, variance)), lambda };
}

/**
 * Every turning point of the critical line, from λ = ∞ down to λ = 0, each with the λ at which it
 * is reached. A portfolio that holds over a range of λ (no weight free to move) shows up twice, at
 * both ends of the range, so each neighbouring pair bounds one affine stretch of the line.
 */
export function criticalLine(problem: OptimizeProblem): Corner[] {
  const p = prepare(problem);
  try {
    return traceLine(p);
  } catch (e) {
    if (!(e instanceof SingularSystemError)) throw e;
    // Σ singular on the free assets (e.g. a factor model, or two assets moving as one): the line is
    // not unique. A ridge of RIDGE × the largest variance picks one; weights move by about that much.
    const ridge = RIDGE * Math.max(1e-12, ...p.sigma.map((r, i) => r[i]!));
    return traceLine({ ...p, kkt: p.sigma.map((r, i) => r.map((v, j) => (i === j ? v + ridge : v))) });
  }
}

function traceLine(p: Prepared): Corner[] {
  const state = settleStart(p, startState(p));
  let seg = segment(p, state);
  let lamCur = Infinity;
  const corners: Corner[] = [portfolioAt(p, seg, lamCur, 0)];
  const maxSteps = 20 * p.n + 20;
  for (let step = 1; ; step++) {
    if (step > maxSteps) throw new Error('optimizer: critical line did not terminate (degenerate problem)');
    const ev = nextEvent(p, state, seg, lamCur);
    if (ev === null) break;
    const corner = portfolioAt(p, seg, ev.lambda, step);
    state[ev.asset] = ev.to;
    seg = segment(p, state);
    lamCur = ev.lambda;
    // A fallback: settleStart leaves nothing to change at λ = ∞, but if it did, re-read the start.
    if (ev.lambda === Infinity) corners[corners.length - 1] = portfolioAt(p, seg, Infinity, step);
    else corners.push(corner);
  }
  corners.push(portfolioAt(p, seg, 0, -1));
  return corners.map((c) => ({ ...c, weights: c.weights.map((w, i) => clamp(w, p.lower[i]!, p.upper[i]!)) }));
}

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

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

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
