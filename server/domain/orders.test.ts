import { describe, expect, it } from 'vitest';
import { Decimal } from './money.ts';
import { actionAt, buyReservation, consumeLotsFifo, fillPrice, planFill, type OrderTerms, type Quote } from './orders.ts';

const d = (s: string) => new Decimal(s);
const q: Quote = { bid: d('99.98'), ask: d('100.02'), price: d('100.00'), bid_size: 300, ask_size: 200 };
const terms = (o: Partial<OrderTerms>): OrderTerms => ({
  side: 'buy', type: 'market', quantity: d('1'), notional: null, limit_price: null, stop_price: null, ...o,
});

describe('buyReservation', () => {
  it('reserves quantity × limit for limit orders, rounded up to the cent', () => {
    expect(buyReservation(terms({ type: 'limit', quantity: d('0.3333'), limit_price: d('10.01') }), q).toFixed()).toBe('3.34');
  });
  it('reserves the ask (or a higher stop) plus the 5% buffer for market and stop orders', () => {
    expect(buyReservation(terms({ quantity: d('2') }), q).toFixed()).toBe('210.05');
    expect(buyReservation(terms({ type: 'stop', stop_price: d('110.00') }), q).toFixed()).toBe('115.5');
  });
  it('reserves the notional for a notional order', () => {
    expect(buyReservation(terms({ quantity: null, notional: d('50.00') }), q).toFixed(2)).toBe('50.00');
  });
});

describe('fill rules', () => {
  it('market buys at the ask, sells at the bid; limits only when marketable, at the quote', () => {
    expect(fillPrice('buy', null, q)!.toFixed(2)).toBe('100.02');
    expect(fillPrice('sell', null, q)!.toFixed(2)).toBe('99.98');
    expect(fillPrice('buy', d('100.01'), q)).toBeNull();
    expect(fillPrice('buy', d('101.00'), q)!.toFixed(2)).toBe('100.02');
    expect(fillPrice('sell', d('99.99'), q)).toBeNull();
    expect(fillPrice('sell', d('99.00'), q)!.toFixed(2)).toBe('99.98');
  });
  it('a stop triggers when the price crosses it; a stop-limit then works as a limit', () => {
    const stop = { side: 'buy' as const, type: 'stop' as const, limit_price: null, stop_price: d('100.00'), triggered: false };
    expect(actionAt(stop, q)).toEqual({ triggers: true, price: d('100.02') });
    expect(actionAt({ ...stop, stop_price: d('100.01') }, q)).toEqual({ triggers: false, price: null });
    const stopLimit = { ...stop, type: 'stop_limit' as const, limit_price: d('100.01') };
    expect(actionAt(stopLimit, q)).toEqual({ triggers: true, price: null });
    expect(actionAt({ ...stopLimit, triggered: true, limit_price: d('100.05') }, q)).toEqual({ triggers: false, price: d('100.02') });
    const sellStop = { ...stop, side: 'sell' as const, stop_price: d('100.50') };
    expect(actionAt(sellStop, q).triggers).toBe(true);
  });
  it('fills at most the displayed size; cash to the cent against the customer; notional never overspends', () => {
    expect(planFill('buy', d('250'), null, d('100.02'), 200)).toMatchObject({ quantity: d('200'), complete: false });
    // 0.125 × 10.02 = 1.2525: a buy pays 1.26, a sell receives 1.25; the price stays the quote's.
    const buy = planFill('buy', d('0.125'), null, d('10.02'), 200)!;
    expect([buy.value.toFixed(2), buy.price.toFixed(2), buy.complete]).toEqual(['1.26', '10.02', true]);
    expect(planFill('sell', d('0.125'), null, d('10.02'), 200)!.value.toFixed(2)).toBe('1.25');
    // 0.2 × 427.71 = 85.542.
    expect(planFill('buy', d('0.2'), null, d('427.71'), 100)!.value.toFixed(2)).toBe('85.55');
    expect(planFill('sell', d('0.2'), null, d('427.71'), 100)!.value.toFixed(2)).toBe('85.54');
    // Notional: shares = notional ÷ price truncated to 4 dp; cash = shares × price rounded up, within the notional.
    const n = planFill('buy', null, d('50.00'), d('100.02'), 200)!;
    expect([n.quantity.toFixed(), n.value.toFixed(2), n.complete]).toEqual(['0.4999', '50.00', true]);
    const ten = planFill('buy', null, d('10.00'), d('427.71'), 100)!;
    expect([ten.quantity.toFixed(), ten.value.toFixed(2)]).toEqual(['0.0233', '9.97']); // 9.965643 up
  });

  it('never spends more than the notional, over many prices and notionals', () => {
    for (let cents = 1; cents <= 5000; cents += 37) {
      const notional = d(String(cents)).div(100).plus(1);
      for (const price of ['0.01', '0.37', '1.99', '12.34', '99.99', '427.71', '1234.56', '4999.99']) {
        const f = planFill('buy', null, notional, d(price), 1_000_000);
        if (!f) continue;
        const exact = f.quantity.times(price);
        expect(f.value.gte(exact) && f.value.minus(exact).lt('0.01'), `${notional} @ ${price}`).toBe(true);
        expect(f.value.lte(notional), `${notional} @ ${price}`).toBe(true);
      }
    }
  });
});

describe('consumeLotsFifo', () => {
  it('takes the oldest lots first, pro-rata basis and proceeds, and records the gain per lot', () => {
    const lots = [{ id: 'a', quantity: d('3'), cost_basis: d('300.00') }, { id: 'b', quantity: d('2'), cost_basis: d('220.00') }];
    const sales = consumeLotsFifo(lots, d('4'), d('440.00'));
    expect(sales.map((s) => [s.lot_id, s.quantity.toFixed(), s.cost_basis.toFixed(2), s.proceeds.toFixed(2), s.realized_gain.toFixed(2)])).toEqual([
      ['a', '3', '300.00', '330.00', '30.00'],
      ['b', '1', '110.00', '110.00', '0.00'],
    ]);
    expect(() => consumeLotsFifo(lots, d('6'), d('1'))).toThrow(RangeError);
  });
});
