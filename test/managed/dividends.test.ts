// Dividends over HTTP with the sandbox clock: a holder across the ex-date is paid shares × rate
// (to the cent, half-even) at the pay date's open, visible in its transactions and available_cash;
// a buyer on the ex-date is not; a sale on the ex-date does not forfeit it; no event pays twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, nyDate, previousTradingDayOnOrBefore } from '../../server/domain/calendar.ts';
import { Decimal, moneyString } from '../../server/domain/money.ts';
import { dividendsBetween } from '../../server/market/dividends.ts';
import { lookupSymbol } from '../../server/market/universe.ts';
import { dividendAmount } from '../../server/services/dividends.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { availableCash, customer, deposit, newTenant, ny, type Tenant } from '../money/support.ts';
import { expectSoundBooks } from '../helpers/books.ts';

describe('dividend rounding', () => {
  it('is shares × rate to the cent, half-even', () => {
    // VTI pays 3.62 a year, quarterly: 0.905 a share.
    expect(dividendAmount(new Decimal('2.5'), new Decimal('0.905')).toFixed(2)).toBe('2.26'); // 2.2625: a half-up rule would say 2.27
    expect(dividendAmount(new Decimal('3.5'), new Decimal('0.905')).toFixed(2)).toBe('3.17'); // 3.1675
    expect(dividendAmount(new Decimal('0.0001'), new Decimal('0.2575')).toFixed(2)).toBe('0.00');
    expect(dividendAmount(new Decimal('10'), new Decimal('0.2575')).toFixed(2)).toBe('2.58'); // 2.575 → even 8
    expect(dividendAmount(new Decimal('1'), new Decimal('0.905')).toFixed(2)).toBe('0.90'); // 0.905 → even 0
  });
});

/** The first VTI dividend whose ex-date is at least 10 days out (the clock only moves forward). */
function nextVtiDividend() {
  const vti = lookupSymbol('VTI')!;
  const from = addCalendarDays(nyDate(new Date()), 10);
  const e = dividendsBetween(vti, from, addCalendarDays(from, 200))[0]!;
  const before = previousTradingDayOnOrBefore(addCalendarDays(e.ex_date, -1));
  const fundDay = previousTradingDayOnOrBefore(addCalendarDays(before, -1));
  return { ...e, before, fundDay };
}

type Txn = { type: string; amount: string; source_id: string | null; description: string };
const transactions = async (t: Tenant, accountId: string, type?: string): Promise<Txn[]> =>
  (await t.req('GET', `/v1/accounts/${accountId}/transactions?limit=100${type ? `&type=${type}` : ''}`)).body.data;

describe.each(engines())('dividends on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('pays holders at the start of the ex-date on the pay date, once; a buyer on the ex-date gets nothing', async () => {
    const ev = nextVtiDividend();
    expect(ev.amount_per_share.toFixed(4)).toBe('0.9050');
    const t = await newTenant(app);
    await t.advance(ny(ev.fundDay, '08:00'));
    const holder = await customer(t);
    const late = await customer(t);
    const small = await customer(t);
    for (const c of [holder, late, small]) expect((await deposit(t, c.account.id, c.bank.id, '5000.00')).status).toBe(201);

    // The day before the ex-date: the holder buys 2.5 VTI (and sells nothing yet).
    await t.advance(ny(ev.before, '10:00'));
    const buy = await t.req('POST', '/v1/orders', { account_id: holder.account.id, symbol: 'VTI', side: 'buy', type: 'market', quantity: '2.5' });
    expect(buy.status, buy.text).toBe(201);
    expect(buy.body.status).toBe('filled');
    const smallBuy = await t.req('POST', '/v1/orders', { account_id: small.account.id, symbol: 'VTI', side: 'buy', type: 'market', quantity: '1' });
    expect(smallBuy.body.status, smallBuy.text).toBe('filled');

    // On the ex-date: the late buyer buys 4 VTI, the holder sells 1 (it is still paid on 2.5).
    await t.advance(ny(ev.ex_date, '10:00'));
    const lateBuy = await t.req('POST', '/v1/orders', { account_id: late.account.id, symbol: 'VTI', side: 'buy', type: 'market', quantity: '4' });
    expect(lateBuy.body.status, lateBuy.text).toBe('filled');
    const sell = await t.req('POST', '/v1/orders', { account_id: holder.account.id, symbol: 'VTI', side: 'sell', type: 'market', quantity: '1' });
    expect(sell.body.status, sell.text).toBe('filled');

    // Not before the pay date's open.
    const early = await t.advance(ny(ev.pay_date, '09:29'));
    expect(early.body.processed.dividends).toBe(0);
    expect(await transactions(t, holder.account.id, 'dividend')).toEqual([]);
    const holderCash = new Decimal(await availableCash(t, holder.account.id));
    const lateCash = new Decimal(await availableCash(t, late.account.id));

    const paid = await t.advance(ny(ev.pay_date, '10:00'));
    expect(paid.body.processed.dividends).toBe(2); // two payments: the holder and the small holder
    const expected = '2.26'; // 2.5 × 0.905 = 2.2625 → 2.26 (half-even)
    expect(moneyString(dividendAmount(new Decimal('2.5'), ev.amount_per_share))).toBe(expected);
    const divs = await transactions(t, holder.account.id, 'dividend');
    expect(divs).toHaveLength(1);
    expect(divs[0]).toMatchObject({ type: 'dividend', amount: expected });
    expect(divs[0]!.description).toContain('2.5 VTI');
    expect(divs[0]!.source_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await availableCash(t, holder.account.id)).toBe(holderCash.plus(expected).toFixed(2));
    expect(await transactions(t, late.account.id, 'dividend')).toEqual([]);
    expect(await availableCash(t, late.account.id)).toBe(lateCash.toFixed(2));
    expect((await transactions(t, small.account.id, 'dividend')).map((x) => x.amount)).toEqual(['0.90']); // 0.905, half-even
    // The unfiltered list shows it too, newest first.
    expect((await transactions(t, holder.account.id))[0]).toMatchObject({ type: 'dividend', amount: expected });

    // A later advance pays nothing again.
    const again = await t.advance(ny(addCalendarDays(ev.pay_date, 3), '12:00'));
    expect(again.body.processed.dividends).toBe(0);
    expect(await transactions(t, holder.account.id, 'dividend')).toHaveLength(1);
    const { rows } = await app.db.query('SELECT account_id, quantity, amount FROM dividend_payments WHERE tenant_id = $1 ORDER BY amount DESC', [t.tenantId]);
    expect(rows).toEqual([{ account_id: holder.account.id, quantity: '2.5', amount: '2.26' }, { account_id: small.account.id, quantity: '1', amount: '0.90' }]);
    const runs = await app.db.query<{ accounts_paid: number; total_paid: string; completed_at: Date }>(
      'SELECT accounts_paid, total_paid, completed_at FROM dividend_runs WHERE tenant_id = $1', [t.tenantId]);
    expect(runs.rows).toEqual([{ accounts_paid: 2, total_paid: '3.16', completed_at: ny(ev.pay_date, '09:30') }]);
    await expectSoundBooks(app, t.tenantId);
    await expectSoundBooks(app, t.tenantId);
  }, 60_000);

  it('pays every payer held, and the next quarter again, in one advance; nothing that rounds to $0.00 or for a symbol that pays none', async () => {
    const ev = nextVtiDividend();
    const t = await newTenant(app);
    await t.advance(ny(ev.fundDay, '08:00'));
    const c = await customer(t);
    const sliver = await customer(t);
    for (const x of [c, sliver]) expect((await deposit(t, x.account.id, x.bank.id, '5000.00')).status).toBe(201);
    await t.advance(ny(ev.before, '11:00'));
    // V and VTI share an ex-date: their scheduler items must not skip one another.
    for (const [who, symbol, quantity] of [[c, 'SCHD', '10'], [c, 'V', '2'], [c, 'VTI', '1'], [c, 'AMZN', '1'], [sliver, 'SCHD', '0.0001']] as const) {
      const r = await t.req('POST', '/v1/orders', { account_id: who.account.id, symbol, side: 'buy', type: 'market', quantity });
      expect(r.body.status, r.text).toBe('filled');
    }
    const schd = dividendsBetween(lookupSymbol('SCHD')!, ev.ex_date, ev.ex_date)[0]!;
    expect(schd.amount_per_share.toFixed(4)).toBe('0.2575');
    const next = dividendsBetween(lookupSymbol('SCHD')!, addCalendarDays(ev.ex_date, 1), addCalendarDays(ev.ex_date, 120))[0]!;
    // One advance over two quarters: SCHD pays 10 × 0.2575 = 2.575 → 2.58, V 2 × 0.67 = 1.34,
    // VTI 1 × 0.905 → 0.90 each time; 0.0001 SCHD earns 0.0000… → 0.00, not paid; AMZN pays none.
    const r = await t.advance(ny(addCalendarDays(next.pay_date, 1), '12:00'));
    expect(r.body.processed.dividends).toBe(6);
    const divs = await transactions(t, c.account.id, 'dividend');
    expect(divs.map((d) => d.amount).sort()).toEqual(['0.90', '0.90', '1.34', '1.34', '2.58', '2.58']);
    expect(divs.filter((d) => d.description.includes('10 SCHD'))).toHaveLength(2);
    expect(await transactions(t, sliver.account.id, 'dividend')).toEqual([]);
    const { rows } = await app.db.query<{ symbol: string; ex_date: string; paid_at: Date }>(
      'SELECT symbol, ex_date, paid_at FROM dividend_payments WHERE tenant_id = $1 ORDER BY ex_date, symbol', [t.tenantId]);
    const paidAt = (e: typeof schd) => ny(e.pay_date, '09:30').toISOString();
    expect(rows.map((x) => [x.symbol, x.ex_date, x.paid_at.toISOString()])).toEqual([
      ['SCHD', schd.ex_date, paidAt(schd)], ['V', schd.ex_date, paidAt(schd)], ['VTI', schd.ex_date, paidAt(schd)],
      ['SCHD', next.ex_date, paidAt(next)], ['V', next.ex_date, paidAt(next)], ['VTI', next.ex_date, paidAt(next)],
    ]);
    await expectSoundBooks(app, t.tenantId);
  }, 60_000);
});
