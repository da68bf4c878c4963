import { describe, expect, it } from 'vitest';
import { nyInstant } from './calendar.ts';
import { Decimal } from './money.ts';
import {
  bandBreach, classOfSymbol, cooldownOver, driftString, measure, MIN_TRADE, planRebalance, targetCashPercent,
  type AccountState, type CashBand, type ClassTarget, type Holding,
} from './rebalance.ts';

const d = (s: string | number) => new Decimal(s);
const NO_CASH: CashBand = { min: d(0), max: d(0) };
const BAND: CashBand = { min: d('1.0'), max: d('5.0') };

const cls = (id: string, weight: string, symbols: string[], buySymbol = symbols[0]!): ClassTarget => ({ id, weight: d(weight), symbols, buySymbol });
/** A holding worth `value` dollars at a price of 100 (bid 99.90), all free. */
const h = (symbol: string, value: string, extra: Partial<Holding> = {}): Holding => {
  const quantity = d(value).div(100);
  return { symbol, quantity, free: quantity, price: d(100), bid: d('99.90'), mustHold: false, ...extra };
};
const state = (cash: string, holdings: Holding[], pending = '0'): AccountState => ({ cash: d(cash), pending: d(pending), holdings });

const FOUR = [cls('a', '25', ['AAA']), cls('b', '25', ['BBB']), cls('c', '25', ['CCC']), cls('d', '25', ['DDD'])];

describe('measure', () => {
  it('weights every bucket by the whole account, cash aiming at the middle of its band', () => {
    const classes = [cls('stocks', '60', ['VTI', 'SCHB']), cls('bonds', '40', ['LQD'])];
    // Value 10,000: cash 300 (3%), stocks 5,820 (58.2% = 97% × 60%), bonds 3,880.
    const m = measure(state('200', [h('VTI', '5000'), h('SCHB', '820'), h('LQD', '3880')], '100'), classes, BAND);
    expect(targetCashPercent(BAND).toFixed()).toBe('3');
    expect(m.value.toFixed()).toBe('10000');
    expect(m.buckets.map((b) => [b.id, b.actual.toFixed(), b.target.toFixed()])).toEqual([
      ['stocks', '0.582', '0.582'], ['bonds', '0.388', '0.388'], ['unallocated', '0', '0'], ['cash', '0.03', '0.03'],
    ]);
    expect(m.drift.isZero()).toBe(true);
    expect(bandBreach(m)).toBeNull();
  });

  it('counts a symbol toward the first class that lists it; others are unallocated with a target of 0', () => {
    const classes = [cls('x', '50', ['VTI', 'SCHB']), cls('y', '50', ['SCHB', 'LQD'])];
    expect([...classOfSymbol(classes)]).toEqual([['VTI', 'x'], ['SCHB', 'x'], ['LQD', 'y']]);
    const m = measure(state('0', [h('SCHB', '500'), h('AAPL', '500')]), classes, NO_CASH);
    // x: 0.5 vs 0.5, y: 0 vs 0.5, unallocated 0.5 vs 0 → drift ½(0 + 0.5 + 0.5) = 0.5.
    expect(m.drift.toFixed()).toBe('0.5');
    expect(driftString(m.drift)).toBe('0.5000');
  });

  it('a fresh deposit is all drift except the cash target; an empty account has none', () => {
    const m = measure(state('10000', []), FOUR, BAND);
    expect(driftString(m.drift)).toBe('0.9700');
    expect(measure(state('0', []), FOUR, BAND).drift.isZero()).toBe(true);
    expect(bandBreach(measure(state('0', []), FOUR, BAND))).toBeNull();
  });

  it('rounds drift half-even to 4 decimals', () => {
    expect(driftString(d('0.04125'))).toBe('0.0412');
    expect(driftString(d('0.04135'))).toBe('0.0414');
    expect(driftString(d('0.041251'))).toBe('0.0413');
  });
});

describe('bands', () => {
  it('3% total drift trips; 2.99% does not (no class is 5 points or 25% off)', () => {
    const at = measure(state('0', [h('AAA', '2800'), h('BBB', '2200'), h('CCC', '2500'), h('DDD', '2500')]), FOUR, NO_CASH);
    expect(at.drift.toFixed()).toBe('0.03');
    expect(bandBreach(at)).toBe('total drift 3.00% is at least 3.00%');
    const below = measure(state('0', [h('AAA', '2799'), h('BBB', '2201'), h('CCC', '2500'), h('DDD', '2500')]), FOUR, NO_CASH);
    expect(below.drift.toFixed()).toBe('0.0299');
    expect(bandBreach(below)).toBeNull();
  });

  it('a class 5 points off trips the absolute rule (which always means ≥ 5% total drift too)', () => {
    const m = measure(state('0', [h('AAA', '3000'), h('BBB', '2000'), h('CCC', '2500'), h('DDD', '2500')]), FOUR, NO_CASH);
    expect(bandBreach(m)).toBe('a is 5.00% off its target of 25.00% (at least 5.00% absolute)');
    expect(m.drift.toFixed()).toBe('0.05');
    const under = measure(state('0', [h('AAA', '2999'), h('BBB', '2001'), h('CCC', '2500'), h('DDD', '2500')]), FOUR, NO_CASH);
    expect(bandBreach(under)).toMatch(/^total drift/);
  });

  it('a small class 25% off its own target trips the relative rule long before the total does', () => {
    const classes = [cls('big', '96', ['VTI']), cls('small', '4', ['VNQ'])];
    // small: 5% held vs 4% target (1 point = 25% of it); total drift only 1%.
    const m = measure(state('0', [h('VTI', '9500'), h('VNQ', '500')]), classes, NO_CASH);
    expect(m.drift.toFixed()).toBe('0.01');
    expect(bandBreach(m)).toBe('small is 1.00% off its target of 4.00% (at least 25.00% of it)');
    const inside = measure(state('0', [h('VTI', '9501'), h('VNQ', '499')]), classes, NO_CASH);
    expect(bandBreach(inside)).toBeNull();
    // Below target counts the same way.
    expect(bandBreach(measure(state('0', [h('VTI', '9700'), h('VNQ', '300')]), classes, NO_CASH))).toMatch(/^small is 1.00% off/);
  });

  it('unallocated holdings count toward the total and the absolute rule', () => {
    const classes = [cls('all', '100', ['VTI'])];
    expect(bandBreach(measure(state('0', [h('VTI', '9500'), h('AAPL', '500')]), classes, NO_CASH))).toBe('all is 5.00% off its target of 100.00% (at least 5.00% absolute)');
    expect(bandBreach(measure(state('0', [h('VTI', '9800'), h('AAPL', '200')]), classes, NO_CASH))).toBeNull();
  });

  it('cash alone: 3 points over the middle of the band trips the total; inside the band it does not', () => {
    const classes = [cls('all', '100', ['VTI'])];
    // Band 1–5, target 3%: 6% cash → drift 3%; 5% cash → 2%.
    expect(bandBreach(measure(state('600', [h('VTI', '9400')]), classes, BAND))).toMatch(/^total drift 3.00%/);
    expect(bandBreach(measure(state('500', [h('VTI', '9500')]), classes, BAND))).toBeNull();
  });
});

describe('planRebalance', () => {
  const classes = [cls('stocks', '60', ['VTI', 'SCHB', 'ITOT']), cls('bonds', '40', ['LQD'])];

  it('invests a deposit: buys every shortfall, keeping the middle of the cash band', () => {
    const p = planRebalance(state('10000', []), classes, BAND, { sell: true });
    expect(p.sells).toEqual([]);
    expect(p.buys.map((b) => [b.classId, b.symbol, b.notional.toFixed(2)])).toEqual([['stocks', 'VTI', '5820.00'], ['bonds', 'LQD', '3880.00']]);
    expect(p.deferred.isZero()).toBe(true);
  });

  it('rounds notionals down to the cent, so the buys never spend more than the cash', () => {
    const three = [cls('a', '33.3333', ['AAA']), cls('b', '33.3333', ['BBB']), cls('c', '33.3334', ['CCC'])];
    const p = planRebalance(state('100.01', []), three, NO_CASH, { sell: true });
    expect(p.buys.map((b) => b.notional.toFixed(2))).toEqual(['33.33', '33.33', '33.33']);
    const spent = p.buys.reduce((s, b) => s.plus(b.notional), d(0));
    expect(spent.lte(d('100.01'))).toBe(true);
  });

  it('sells the excess first from the other tickers, the buy ticker last, shares rounded down to 4 decimals', () => {
    // stocks 8,000 (VTI 5,000 + SCHB 3,000) vs 6,000 target; bonds 2,000 vs 4,000; no cash target.
    const p = planRebalance(state('0', [h('VTI', '5000'), h('SCHB', '3000'), h('LQD', '2000')]), classes, NO_CASH, { sell: true });
    expect(p.sells.map((s) => [s.symbol, s.quantity.toFixed(), s.proceeds.toFixed(2)])).toEqual([['SCHB', '20', '1998.00']]);
    // No settled cash: the buy of bonds waits for the proceeds.
    expect(p.buys).toEqual([]);
    expect(p.deferred.toFixed(2)).toBe('1998.00');

    // An excess that does not cover a whole ticker: 1,000.005 / 100 shares → 10.0000 (rounded down).
    const q = planRebalance(state('0', [h('SCHB', '7000.005'), h('LQD', '2999.995')]), classes, NO_CASH, { sell: true });
    expect(q.sells.map((s) => [s.symbol, s.quantity.toFixed()])).toEqual([['SCHB', '10']]);
    const odd = planRebalance(state('0', [h('SCHB', '7000'), h('LQD', '3000')], ), classes, NO_CASH, { sell: true });
    expect(odd.sells.map((s) => s.quantity.toFixed())).toEqual(['10']);
    const price = { price: d('33.33'), bid: d('33.30') };
    const fractional = planRebalance(
      state('0', [{ ...h('SCHB', '0'), ...price, quantity: d('210'), free: d('210') }, h('LQD', '3000')]), classes, NO_CASH, { sell: true });
    // stocks 6,999.30 of 9,999.30 → target 5,999.58; excess 999.72 / 33.33 = 29.99459… → 29.9945.
    expect(fractional.sells.map((s) => s.quantity.toFixed())).toEqual(['29.9945']);
  });

  it('never sells more than the free shares, nor what the wash-sale rules keep; sells unallocated holdings whole', () => {
    const held = h('SCHB', '3000', { free: d(10) }); // 30 shares, 20 committed to an open sell
    const p = planRebalance(state('0', [h('VTI', '5000', { mustHold: true }), held, h('LQD', '1500'), h('AAPL', '500')]), classes, NO_CASH, { sell: true });
    expect(p.sells.map((s) => [s.symbol, s.quantity.toFixed()])).toEqual([['AAPL', '5'], ['SCHB', '10']]);
  });

  it('spends settled cash now and defers the rest of the budget until the proceeds settle', () => {
    // stocks 7,000 vs 6,000; bonds 2,500 vs 4,000; cash 500 settled.
    const p = planRebalance(state('500', [h('VTI', '7000'), h('LQD', '2500')]), classes, NO_CASH, { sell: true });
    expect(p.sells.map((s) => [s.symbol, s.quantity.toFixed(), s.proceeds.toFixed(2)])).toEqual([['VTI', '10', '999.00']]);
    expect(p.buys.map((b) => [b.symbol, b.notional.toFixed(2)])).toEqual([['LQD', '500.00']]);
    expect(p.deferred.toFixed(2)).toBe('999.00');
    // The second step (no sells) buys with what settled.
    const later = planRebalance(state('999', [h('VTI', '6000'), h('LQD', '3000')]), classes, NO_CASH, { sell: false });
    expect(later.sells).toEqual([]);
    expect(later.buys.map((b) => [b.symbol, b.notional.toFixed(2)])).toEqual([['LQD', '999.00']]);
  });

  it('scales the buys down when the cash to spend is short, and keeps the cash target', () => {
    // Value 10,000, band 1–5 → keep 300. Stocks 5,000 (target 5,820), bonds 4,200 (target 3,880), cash 800.
    const p = planRebalance(state('800', [h('VTI', '5000'), h('LQD', '4200')]), classes, BAND, { sell: false });
    // Without sells only 500 can be spent; the one shortfall (820) gets all of it.
    expect(p.buys.map((b) => [b.symbol, b.notional.toFixed(2)])).toEqual([['VTI', '500.00']]);
  });

  it('leaves out trades under the $1 minimum', () => {
    expect(MIN_TRADE.toFixed(2)).toBe('1.00');
    const p = planRebalance(state('1.50', [h('VTI', '5999.50'), h('LQD', '3999')]), classes, NO_CASH, { sell: true });
    // stocks short 0.50 (dropped), bonds short 1.00 (bought).
    expect(p.buys.map((b) => [b.symbol, b.notional.toFixed(2)])).toEqual([['LQD', '1.00']]);
    const none = planRebalance(state('0.99', [h('VTI', '6000'), h('LQD', '3999.01')]), classes, NO_CASH, { sell: true });
    expect(none.sells).toEqual([]);
    expect(none.buys).toEqual([]);
  });

  it('after both steps fill, the account is on target within rounding', () => {
    // Fill a plan at the quote's price (no spread); sale proceeds land as settled cash.
    const apply = (s: AccountState, p: ReturnType<typeof planRebalance>): AccountState => {
      const q = new Map<string, Decimal>(s.holdings.map((x) => [x.symbol, x.quantity]));
      let cash = s.cash;
      for (const x of p.sells) { q.set(x.symbol, q.get(x.symbol)!.minus(x.quantity)); cash = cash.plus(x.quantity.times(100)); }
      for (const b of p.buys) { q.set(b.symbol, (q.get(b.symbol) ?? d(0)).plus(b.notional.div(100))); cash = cash.minus(b.notional); }
      expect(cash.gte(0)).toBe(true);
      return state(cash.toFixed(), [...q].map(([sym, n]) => h(sym, n.times(100).toFixed())));
    };
    const start = state('3000', [h('VTI', '5000'), h('AAPL', '2000')]);
    const first = planRebalance(start, classes, BAND, { sell: true });
    expect(first.sells.map((x) => x.symbol)).toEqual(['AAPL']);
    expect(first.deferred.gt(0)).toBe(true);
    const mid = apply(start, first);
    const end = apply(mid, planRebalance(mid, classes, BAND, { sell: false }));
    const m = measure(end, classes, BAND);
    expect(m.drift.lt(d('0.001')), driftString(m.drift)).toBe(true);
    const cash = m.buckets.find((x) => x.id === 'cash')!.actual;
    expect(cash.gte(d('0.01')) && cash.lte(d('0.05')), cash.toFixed()).toBe(true);
  });
});

describe('cooldown', () => {
  it('holds a drift run back until the 5th trading day after the last run started', () => {
    // 2026-11-02 is a Monday; five trading days later is Monday 2026-11-09.
    const last = nyInstant('2026-11-02', '10:00');
    expect(cooldownOver(null, last)).toBe(true);
    expect(cooldownOver(last, nyInstant('2026-11-06', '10:00'))).toBe(false);
    expect(cooldownOver(last, nyInstant('2026-11-09', '10:00'))).toBe(true);
    // Thanksgiving (2026-11-26) does not count: a run on Monday 11-23 cools down until Tuesday 12-01.
    const before = nyInstant('2026-11-23', '10:00');
    expect(cooldownOver(before, nyInstant('2026-11-30', '10:00'))).toBe(false);
    expect(cooldownOver(before, nyInstant('2026-12-01', '10:00'))).toBe(true);
  });
});
