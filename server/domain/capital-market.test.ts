import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ANNUALIZATION, buildDefaultPortfolios, capitalMarketAssumptions, DEFAULT_ASSET_CLASSES, frontierAtVolatility,
  MAX_WEIGHT, percentWeights, TARGET_VOLATILITY, type CapitalMarketAssumptions,
} from './capital-market.ts';
import { Decimal } from './money.ts';
import { efficientFrontier } from './optimizer.ts';

const sum = (ws: string[]) => ws.reduce((s, w) => s.plus(w), new Decimal(0));
const vol = (w: number[], cov: number[][]) => Math.sqrt(w.reduce((s, wi, i) => s + wi * cov[i]!.reduce((t, c, j) => t + c * w[j]!, 0), 0));

describe('default asset classes', () => {
  it('are exactly the table of the contract (AssetClass.yaml), in its order', () => {
    const yaml = readFileSync(join(import.meta.dirname, '../../openapi/components/schemas/AssetClass.yaml'), 'utf8');
    const rows = [...yaml.matchAll(/^ *\| ([^|`]+?) \| `([a-z-]+)` \| ([A-Z]+) \| ([A-Z, ]+) \|$/gm)]
      .map(([, name, id, primary, secondary]) => ({ id, name, primary, secondary: secondary!.split(', ') }));
    expect(rows).toHaveLength(9);
    expect(DEFAULT_ASSET_CLASSES.map((c) => ({ ...c, secondary: [...c.secondary] }))).toEqual(rows);
  });
});

describe('percentWeights (largest remainder to one decimal)', () => {
  it('gives the leftover unit to the largest remainder, ties to the earlier asset', () => {
    expect(percentWeights([1 / 3, 1 / 3, 1 / 3])).toEqual(['33.4', '33.3', '33.3']);
    // 12.34 / 45.67 / 41.99 → floors 12.3 / 45.6 / 41.9 (99.8); the two units go to .9 and .7.
    expect(percentWeights([0.1234, 0.4567, 0.4199])).toEqual(['12.3', '45.7', '42.0']);
    expect(percentWeights([0.25, 0.75])).toEqual(['25.0', '75.0']);
  });

  it('drops shares under 0.5% and scales the rest back to 100', () => {
    // 0.4% is dropped; 50 / 49.6 scaled by 1/0.996 = 50.2008 / 49.7992 → 50.2 / 49.8.
    expect(percentWeights([0.004, 0.5, 0.496])).toEqual(['0.0', '50.2', '49.8']);
    expect(percentWeights([0.005, 0.995])).toEqual(['0.5', '99.5']);
  });

  it('always sums to exactly 100 (Decimal), whatever the fractions', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 500; k++) {
      const raw = Array.from({ length: 2 + (k % 12) }, () => next() ** 3);
      const total = raw.reduce((a, b) => a + b, 0);
      const ws = percentWeights(raw.map((x) => x / total));
      expect(sum(ws).toFixed(), JSON.stringify(ws)).toBe('100');
      ws.forEach((w) => expect(w).toMatch(/^\d{1,3}\.\d$/));
    }
    expect(percentWeights([0.2, 0.3, 0.5], 2)).toEqual(['20.00', '30.00', '50.00']);
  });

  it('refuses negative or non-finite fractions, and all-dropped weights', () => {
    expect(() => percentWeights([-0.1, 1.1])).toThrow(RangeError);
    expect(() => percentWeights([NaN, 1])).toThrow(RangeError);
    expect(() => percentWeights([0.001, 0.002])).toThrow(/no weight/);
  });
});

describe('capitalMarketAssumptions', () => {
  it('annualises the mean and sample covariance of simple daily returns, and shrinks the means', () => {
    // A: +10%, −10%, +10%; B: +1%, +1%, −2% (exact returns from the closes).
    const a = [100, 110, 99, 108.9];
    const b = [200, 202, 204.02, 199.9396];
    const cma = capitalMarketAssumptions(['a', 'b'], [a, b], { a: 0.05, b: 0.01 }, 0.75);
    const ra = [0.1, -0.1, 0.1];
    const rb = [0.01, 0.01, -0.02];
    const ma = 0.1 / 3;
    const mb = 0;
    expect(cma.observations).toBe(3);
    expect(cma.sample_returns[0]).toBeCloseTo(ANNUALIZATION * ma, 10);
    expect(cma.sample_returns[1]).toBeCloseTo(0, 10);
    const cov = (x: number[], mx: number, y: number[], my: number) => (ANNUALIZATION * x.reduce((s, xi, t) => s + (xi - mx) * (y[t]! - my), 0)) / 2;
    expect(cma.covariance[0]![0]).toBeCloseTo(cov(ra, ma, ra, ma), 10);
    expect(cma.covariance[1]![1]).toBeCloseTo(cov(rb, mb, rb, mb), 10);
    expect(cma.covariance[0]![1]).toBeCloseTo(cov(ra, ma, rb, mb), 10);
    expect(cma.covariance[1]![0]).toBe(cma.covariance[0]![1]);
    expect(cma.expected_returns[0]).toBeCloseTo(0.75 * 0.05 + 0.25 * ANNUALIZATION * ma, 10);
    expect(cma.expected_returns[1]).toBeCloseTo(0.75 * 0.01, 10);
  });

  it('refuses misaligned series and classes without a prior', () => {
    expect(() => capitalMarketAssumptions(['a', 'b'], [[1, 2, 3], [1, 2]], { a: 0, b: 0 })).toThrow(/aligned/);
    expect(() => capitalMarketAssumptions(['a'], [[1, 2, 3], [1, 2, 3]], { a: 0 })).toThrow(/ids/);
    expect(() => capitalMarketAssumptions(['a', 'z'], [[1, 2, 3], [1, 2, 4]], { a: 0 })).toThrow(/no long-run return for z/);
  });
});

// The contract's optimize example as CMAs: U.S. stocks, foreign stocks, corporate bonds.
const example: CapitalMarketAssumptions = {
  ids: ['us-stocks', 'foreign-stocks', 'corporate-bonds'],
  sample_returns: [0.07, 0.065, 0.035],
  expected_returns: [0.07, 0.065, 0.035],
  covariance: [[0.0256, 0.02176, 0.00192], [0.02176, 0.0289, 0.00204], [0.00192, 0.00204, 0.0036]],
  observations: 1000,
};

describe('frontierAtVolatility', () => {
  const frontier = efficientFrontier({ expected_returns: example.expected_returns, covariance: example.covariance, max_weight: 0.6 });
  const minVol = frontier.at(-1)!.volatility;
  const maxVol = frontier[0]!.volatility;

  it('finds the frontier portfolio with the target volatility, long-only and fully invested', () => {
    for (const target of [0.08, 0.09, 0.1, 0.12, 0.15]) {
      const w = frontierAtVolatility(frontier, example.covariance, target);
      expect(vol(w, example.covariance)).toBeCloseTo(target, 9);
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      w.forEach((x) => expect(x).toBeGreaterThanOrEqual(-1e-12));
    }
  });

  it('clamps to the minimum-variance and highest-return ends', () => {
    expect(frontierAtVolatility(frontier, example.covariance, minVol / 2)).toEqual(frontier.at(-1)!.weights);
    expect(frontierAtVolatility(frontier, example.covariance, maxVol * 2)).toEqual(frontier[0]!.weights);
  });
});

describe('buildDefaultPortfolios', () => {
  it('picks three different frontier portfolios of rising risk and return, weights summing to 100', () => {
    const { portfolios, frontier } = buildDefaultPortfolios(example);
    expect(portfolios.map((p) => p.risk_tolerance)).toEqual(['conservative', 'moderate', 'aggressive']);
    const minVol = frontier.at(-1)!.volatility;
    const maxVol = frontier[0]!.volatility;
    for (const p of portfolios) {
      expect(sum(p.allocations.map((a) => a.weight)).toFixed()).toBe('100');
      expect(p.volatility).toBeCloseTo(minVol + TARGET_VOLATILITY[p.risk_tolerance] * (maxVol - minVol), 9);
      p.weights.forEach((w) => expect(w).toBeLessThanOrEqual(MAX_WEIGHT + 1e-12));
    }
    expect(portfolios[0]!.volatility).toBeLessThan(portfolios[1]!.volatility);
    expect(portfolios[1]!.volatility).toBeLessThan(portfolios[2]!.volatility);
    expect(portfolios[0]!.expected_return).toBeLessThan(portfolios[1]!.expected_return);
    expect(portfolios[1]!.expected_return).toBeLessThan(portfolios[2]!.expected_return);
    // The bond share falls from conservative to aggressive.
    const bonds = portfolios.map((p) => p.weights[2]!);
    expect(bonds[0]).toBeGreaterThan(bonds[1]!);
    expect(bonds[1]).toBeGreaterThan(bonds[2]!);
  });
});
