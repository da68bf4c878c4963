// The critical line algorithm (Markowitz, in the formulation of Bailey & López de Prado): every
// turning point of the long-only mean-variance path for a prepared problem.
//
// The path of  min ½wᵀΣw − λμᵀw  s.t. 1ᵀw = 1, l ≤ w ≤ u  is traced from λ = ∞ (highest return)
// down to λ = 0 (minimum variance). On each stretch the free weights are affine in λ; a corner
// (turning point) is where a free weight reaches a bound or a bound weight's multiplier hits zero.
import { at, clamp, matVec, SingularSystemError, solveLinear } from './linear-algebra.ts';
import { describe, prepare, type Corner, type OptimizeProblem, type Prepared } from './optimizer-problem.ts';

const RIDGE = 1e-10;

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
