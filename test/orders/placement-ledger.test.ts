// What a buy that fills at placement stores: it must have its whole reservation (the ask plus the
// market-buy buffer) in cash, as any buy must, but a reservation taken and spent in one instant is
// not stored: one trade journal pays from cash and nothing is left held.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, moneyString, toCents, toCentsUp } from '../../server/domain/money.ts';
import { MARKET_BUY_BUFFER } from '../../server/domain/orders.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { expectSoundBooks } from '../helpers/books.ts';
import { expectError } from '../identity/support.ts';
import { availableCash, newTenant, ny } from '../money/support.ts';
import { balances, fundedCustomer, order, quote, tradingTuesday } from './support.ts';

describe.each(engines())('a fill at placement on %s', (engine) => {
  let app: TestApp;
  const days = tradingTuesday();
  const at10 = ny(days.tuesday, '10:00');
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('a buy that fills whole at placement needs its reservation in cash, yet stores one trade journal paid from cash', async () => {
    const t = await newTenant(app);
    const q = quote('AAPL', at10);
    const cost = toCents(q.ask.times(10));
    // A market buy reserves the ask plus the buffer: cash between the cost and that is not enough.
    const reservation = toCentsUp(q.ask.times(10).times(MARKET_BUY_BUFFER.plus(1)));
    const between = toCents(cost.plus(reservation).div(2));
    expect(between.gt(cost) && between.lt(reservation)).toBe(true);
    const { account, bank } = await fundedCustomer(t, days, moneyString(between));
    const buy = () => t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '10', side: 'buy', type: 'market' }));
    const poor = await buy();
    expectError(poor, 402, 'quantity');
    expect(poor.body.error.message).toBe(`quantity: this order needs ${moneyString(reservation)} of buying power; the account has ${moneyString(between)} available`);

    // With the reservation covered, the order fills whole: one journal, paid from cash, nothing held.
    expect((await t.req('POST', '/v1/deposits', { account_id: account.id, bank_account_id: bank.id, amount: moneyString(reservation.minus(between)) })).status).toBe(201);
    await t.advance(ny(days.wednesday, '10:00'));
    const q2 = quote('AAPL', ny(days.wednesday, '10:00'));
    expect(await availableCash(t, account.id)).toBe(moneyString(reservation));
    const filled = await buy();
    expect(filled.body).toMatchObject({ status: 'filled', filled_quantity: '10' });
    const { rows: journals } = await app.db.query<{ id: string; kind: string }>(
      'SELECT id, kind FROM ledger_journals WHERE tenant_id = $1 AND ref_type = $2 AND ref_id = $3', [t.tenantId, 'order', filled.body.id]);
    expect(journals.map((j) => j.kind)).toEqual(['trade']);
    const { rows: postings } = await app.db.query<{ account_id: string | null; book: string; asset: string; amount: string }>(
      'SELECT account_id, book, asset, amount::text FROM ledger_postings WHERE tenant_id = $1 AND journal_id = $2 ORDER BY id', [t.tenantId, journals[0]!.id]);
    const paid = toCents(q2.ask.times(10));
    expect(postings.map((p) => [p.account_id, p.book, p.asset, new Decimal(p.amount).toFixed()])).toEqual([
      [account.id, 'cash', 'USD', paid.neg().toFixed()], [null, 'market', 'USD', paid.toFixed()],
      [null, 'market', 'AAPL', '-10'], [account.id, 'securities', 'AAPL', '10'],
    ]);
    expect(await availableCash(t, account.id)).toBe(moneyString(reservation.minus(paid)));
    expect(new Decimal((await balances(app, t.tenantId, account.id))['cash_held:USD'] ?? 0).isZero()).toBe(true);
    await expectSoundBooks(app, t.tenantId);
  });

});
