// Small dense linear algebra for the optimizer: Gaussian elimination for the critical line's
// systems and Jacobi eigenvalues for the covariance check. Plain floats; n is at most 50.

const MAX_JACOBI_SWEEPS = 100;
const PIVOT_TOLERANCE = 1e-14;

export class SingularSystemError extends Error {
  override name = 'SingularSystemError';
}

export const at = (m: number[][], i: number, j: number): number => m[i]![j]!;
export const dot = (x: number[], y: number[]): number => x.reduce((s, v, i) => s + v * y[i]!, 0);
export const matVec = (m: number[][], x: number[]): number[] => m.map((row) => dot(row, x));

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

export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
