import { describe, expect, it } from 'vitest';
import { nyInstant, session } from './calendar.ts';
import { dec, Decimal } from './money.ts';
import {
  buyBlocked, buySymbol, harvestScanAt, inWashSalePeriod, lotQualifies, matchWashSales, nyDayStart, pickHarvestLots, recentBuysSince,
  remainingDisallowed, replacementFor, washSaleWindowEnds, type HarvestLot,
} from './wash-sale.ts';

const lot = (id: string, quantity: string, basis: string): HarvestLot => ({ id, quantity: dec(quantity), cost_basis: dec(basis) });
const fixed = (d: Decimal) => d.toFixed(2);

describe('wash-sale window (Pub 550: 30 days before or after the sale)', () => {
  it('ends 30 calendar days after the sale: day 30 is inside, day 31 is not', () => {
    expect(washSaleWindowEnds('2026-11-05')).toBe('2026-12-05');
    expect(buyBlocked('2026-11-05', '2026-11-05')).toBe(true);
    expect(buyBlocked('2026-11-05', '2026-12-05')).toBe(true); // day 30
    expect(buyBlocked('2026-11-05', '2026-12-06')).toBe(false); // day 31
    expect(buyBlocked('2026-11-05', '2026-11-04')).toBe(false); // before the sale: not a window for buying
    // Across a month of 31 days and a year end.
    expect(washSaleWindowEnds('2026-12-15')).toBe('2027-01-14');
    expect(buyBlocked('2026-12-15', '2027-01-14')).toBe(true);
    expect(buyBlocked('2026-12-15', '2027-01-15')).toBe(false);
  });

  it('a purchase within 30 days before the sale counts too (61-day period)', () => {
    expect(inWashSalePeriod('2026-11-05', '2026-10-06')).toBe(true); // 30 days before
    expect(inWashSalePeriod('2026-11-05', '2026-10-05')).toBe(false); // 31 days before
    expect(inWashSalePeriod('2026-11-05', '2026-12-05')).toBe(true);
    expect(inWashSalePeriod('2026-11-05', '2026-12-06')).toBe(false);
  });

  it('"bought within the last 30 days" starts 30 days back', () => {
    expect(recentBuysSince('2026-12-05')).toBe('2026-11-05');
    expect(recentBuysSince('2026-03-01')).toBe('2026-01-30');
  });
});

describe('harvest threshold: ≥ 5% of basis per lot, ≥ $25.00 in all', () => {
  it('a lot exactly 5% down qualifies, a cent less does not', () => {
    // 10 shares with basis 1000.00: 5% is 50.00, so value 950.00 (bid 95.00) qualifies, 950.01 not.
    expect(lotQualifies(lot('a', '10', '1000.00'), dec('95.00'))).toBe(true);
    expect(lotQualifies(lot('a', '10', '1000.00'), dec('95.001'))).toBe(false); // 950.01
    expect(lotQualifies(lot('a', '10', '1000.00'), dec('120'))).toBe(false);
  });

  it('values at the bid to the cent, half-even, like a fill', () => {
    // 3 × 33.335 = 100.005 → 100.00 (half-even); basis 105.27: loss 5.27 ≥ 5.2635 qualifies.
    expect(lotQualifies(lot('a', '3', '105.27'), dec('33.335'))).toBe(true);
    // At basis 105.25 the loss 5.25 is short of 5.2625 (5%).
    expect(lotQualifies(lot('a', '3', '105.25'), dec('33.335'))).toBe(false);
  });

  it('needs $25.00 of losses across the qualifying lots; lots at a gain or a small loss stay', () => {
    const bid = dec('80.00');
    // a: 1 share bought at 100 → loss 20 (20%); b: 1 share at 84 → loss 4 (4.8%, not enough); c: at a gain.
    const lots = [lot('a', '1', '100.00'), lot('b', '1', '84.00'), lot('c', '2', '150.00')];
    expect(pickHarvestLots(lots, bid)).toBeNull(); // 20.00 < 25.00
    const more = [...lots, lot('d', '0.5', '45.00')]; // 0.5 × 80 = 40: loss 5.00 (11%)
    const pick = pickHarvestLots(more, bid)!;
    expect(pick.lots.map((l) => l.id)).toEqual(['a', 'd']);
    expect([pick.quantity.toFixed(), fixed(pick.cost_basis), fixed(pick.value), fixed(pick.loss)]).toEqual(['1.5', '145.00', '120.00', '-25.00']);
    // A sold-out lot (quantity 0) is never picked.
    expect(pickHarvestLots([lot('z', '0', '0.00')], bid)).toBeNull();
  });

  it('sells every recent lot still held with the harvest, at a loss or a gain, and counts the net loss', () => {
    const bid = dec('80.00');
    const recent = (id: string, quantity: string, basis: string) => ({ ...lot(id, quantity, basis), recent: true });
    // a: old, 20% down (loss 40); r1: bought last week, 1% down; r2: bought last week, at a gain of 5; c: old, at a gain (kept).
    const lots = [lot('a', '2', '200.00'), recent('r1', '1', '80.80'), recent('r2', '1', '75.00'), lot('c', '1', '60.00')];
    const pick = pickHarvestLots(lots, bid)!;
    expect(pick.lots.map((l) => l.id)).toEqual(['a', 'r1', 'r2']);
    // 320.00 − 355.80: the gain of r2 offsets part of the losses (40.00 + 0.80 − 5.00).
    expect([pick.quantity.toFixed(), fixed(pick.cost_basis), fixed(pick.value), fixed(pick.loss)]).toEqual(['4', '355.80', '320.00', '-35.80']);
    // A position bought last week and 20% down is harvested whole.
    expect(pickHarvestLots([recent('w', '10', '1000.00')], bid)!.lots.map((l) => l.id)).toEqual(['w']);
    // Recent lots alone, none down 5%, are no harvest; nor is one whose recent gains cut the net loss below $25.00.
    expect(pickHarvestLots([recent('r1', '1', '80.80'), recent('r2', '1', '75.00')], bid)).toBeNull();
    expect(pickHarvestLots([lot('a', '1', '110.00'), recent('g', '1', '60.00')], bid)).toBeNull(); // −30 + 20 = −10
    // A recent lot sold out already is not held: nothing to sell.
    expect(pickHarvestLots([lot('a', '2', '200.00'), recent('gone', '0', '0.00')], bid)!.lots.map((l) => l.id)).toEqual(['a']);
  });
});

describe('replacement and buy symbols', () => {
  const cls = { primary: 'VTI', secondary: ['SCHB', 'ITOT'] };
  it('a harvest of the primary buys the first secondary not in a window', () => {
    expect(replacementFor(cls, 'VTI', new Set())).toBe('SCHB');
    expect(replacementFor(cls, 'VTI', new Set(['SCHB']))).toBe('ITOT');
    expect(replacementFor(cls, 'VTI', new Set(['SCHB', 'ITOT']))).toBeNull();
  });
  it('a harvest of a secondary goes back to the primary when it may, else the next secondary', () => {
    expect(replacementFor(cls, 'SCHB', new Set())).toBe('VTI');
    expect(replacementFor(cls, 'SCHB', new Set(['VTI']))).toBe('ITOT');
    expect(replacementFor(cls, 'ITOT', new Set(['VTI']))).toBe('SCHB');
  });
  it('buys join a held replacement in its window, else the primary, else the first free secondary', () => {
    expect(buySymbol(cls, new Set(), null)).toBe('VTI');
    expect(buySymbol(cls, new Set(['VTI']), null)).toBe('SCHB');
    expect(buySymbol(cls, new Set(['VTI']), 'ITOT')).toBe('ITOT');
    expect(buySymbol(cls, new Set(['VTI', 'SCHB']), null)).toBe('ITOT');
    expect(buySymbol(cls, new Set(['VTI', 'SCHB', 'ITOT']), null)).toBe('VTI');
  });
});

describe('disallowed loss', () => {
  const loss = (id: string, quantity: string, amount: string, matched = '0', disallowed = '0.00') => ({
    id, quantity: dec(quantity), loss: dec(amount), matched_quantity: dec(matched), disallowed: dec(disallowed),
  });
  const rows = (m: ReturnType<typeof matchWashSales>) => m.map((x) => [x.loss_id, x.lot_id, x.quantity.toFixed(), fixed(x.disallowed)]);

  it('buying back fewer shares than were sold disallows the loss on that many shares only', () => {
    // Sold 10 at a loss of 100.00; bought back 4 → 40.00 disallowed.
    expect(rows(matchWashSales([loss('s', '10', '100.00')], [{ id: 'n', capacity: dec('4') }]))).toEqual([['s', 'n', '4', '40.00']]);
    // A fractional buy-back rounds to the cent: 100.00 × 3.3333 / 10 = 33.333 → 33.33.
    expect(rows(matchWashSales([loss('s', '10', '100.00')], [{ id: 'n', capacity: dec('3.3333') }]))).toEqual([['s', 'n', '3.3333', '33.33']]);
  });

  it('buying back more shares disallows the whole loss once; the rest of the lot stays free', () => {
    expect(rows(matchWashSales([loss('s', '10', '100.00')], [{ id: 'n', capacity: dec('25') }]))).toEqual([['s', 'n', '10', '100.00']]);
  });

  it('parts add up to the loss exactly: the last match takes the remainder', () => {
    const m = matchWashSales([loss('s', '3', '10.00')], [{ id: 'a', capacity: dec('1') }, { id: 'b', capacity: dec('1') }, { id: 'c', capacity: dec('1') }]);
    expect(rows(m)).toEqual([['s', 'a', '1', '3.33'], ['s', 'b', '1', '3.34'], ['s', 'c', '1', '3.33']]);
    expect(m.reduce((a, x) => a.plus(x.disallowed), new Decimal(0)).toFixed(2)).toBe('10.00');
  });

  it('continues a loss already partly matched, and fills older losses first', () => {
    // 4 of 10 shares matched (40.00 disallowed) earlier; 6 shares and 60.00 remain.
    const m = matchWashSales([loss('old', '10', '100.00', '4', '40.00'), loss('new', '5', '20.00')], [{ id: 'n', capacity: dec('8') }]);
    expect(rows(m)).toEqual([['old', 'n', '6', '60.00'], ['new', 'n', '2', '8.00']]);
    expect(matchWashSales([loss('done', '10', '100.00', '10', '100.00')], [{ id: 'n', capacity: dec('8') }])).toEqual([]);
  });

  it('a partly sold lot keeps the share of its disallowed loss its remaining shares carry', () => {
    expect(fixed(remainingDisallowed(dec('40.00'), dec('4'), dec('1')))).toBe('10.00');
    expect(fixed(remainingDisallowed(dec('10.00'), dec('3'), dec('1')))).toBe('3.33');
    expect(fixed(remainingDisallowed(dec('10.00'), dec('3'), dec('0')))).toBe('0.00');
  });
});

describe('scan time', () => {
  it('is 15 minutes after the close on trading days, none on holidays and weekends', () => {
    expect(harvestScanAt('2026-11-24')).toEqual(nyInstant('2026-11-24', '16:15'));
    expect(harvestScanAt('2026-11-27')).toEqual(new Date(session('2026-11-27')!.close.getTime() + 15 * 60_000)); // early close
    expect(harvestScanAt('2026-11-27')).toEqual(nyInstant('2026-11-27', '13:15'));
    expect(harvestScanAt('2026-11-26')).toBeNull(); // Thanksgiving
    expect(harvestScanAt('2026-11-28')).toBeNull(); // Saturday
  });
});

describe('New York day start', () => {
  it('is local midnight in winter, summer and on the DST switch days', () => {
    expect(nyDayStart('2026-01-15').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(nyDayStart('2026-07-15').toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(nyDayStart('2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z'); // springs forward at 02:00
    expect(nyDayStart('2026-11-01').toISOString()).toBe('2026-11-01T04:00:00.000Z'); // falls back at 02:00
  });
});
