// Orders over HTTP with the sandbox clock: placement checks (market hours, the account's and its
// owner's status, buying power, shares held, symbol, client_order_id), market fills at the ask/bid
// on placement, resting limit orders, cancel, day-order expiry at the close, partial fills beyond
// the displayed size, concurrency, idempotent retries, positions and tax lots with realized gains,
// and the ledger invariants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, moneyString, priceString, toCents, toCentsUp } from '../../server/domain/money.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { expectError } from '../identity/support.ts';
import { availableCash, newTenant, ny } from '../money/support.ts';
import { balances, fundedCustomer, minutes, order, quote, tradingTuesday } from './support.ts';
import { ledgerAccountValuation } from '../../server/services/ledger.ts';
import { expectSoundBooks } from '../helpers/books.ts';

/** The API's average price: 4 decimals at most, cents at least. */
/** Candidates for scenarios that need a price move in a window (prices are deterministic per date). */
const SYMBOLS = ['MSFT', 'AAPL', 'KO', 'PFE', 'INTC', 'T', 'SCHD', 'SCHB'];
const avg = (d: Decimal) => (d.toDecimalPlaces(4).decimalPlaces() <= 2 ? d.toFixed(2) : d.toDecimalPlaces(4).toFixed());

describe.each(engines())('orders on %s', (engine) => {
  let app: TestApp;
  const days = tradingTuesday();
  const at10 = ny(days.tuesday, '10:00');
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('is refused out of market hours (402), for an unknown symbol (400) and for too little cash (402)', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '100.00');
    await t.advance(ny(days.tuesday, '16:30'));
    expectError(await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '1', side: 'buy', type: 'market' })), 402, 'market is closed');
    await t.advance(ny(days.wednesday, '10:00'));
    const unknown = await t.req('POST', '/v1/orders', order(account.id, 'ZZZZZ', { quantity: '1', side: 'buy', type: 'market' }));
    expectError(unknown, 400, 'symbol');
    expect(unknown.body.error.field).toBe('symbol');
    const poor = await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '10', side: 'buy', type: 'market' }));
    expectError(poor, 402, 'quantity');
    const short = await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '1', side: 'sell', type: 'market' }));
    expectError(short, 402, 'quantity');
    expect((await t.req('GET', '/v1/orders?status=all')).body.data).toEqual([]);
    expect(await availableCash(t, account.id)).toBe('100.00');
  });

  it('an order or a deposit needs an active account with an approved owner (402 naming account_id); an unknown account is 404', async () => {
    const t = await newTenant(app);
    const { user, account, bank } = await fundedCustomer(t, days, '100.00');
    const buy = (accountId = account.id) => t.req('POST', '/v1/orders', order(accountId, 'AAPL', { quantity: '0.01', side: 'buy', type: 'market' }));
    const add = (accountId = account.id) => t.req('POST', '/v1/deposits', { account_id: accountId, bank_account_id: bank.id, amount: '1.00' });
    const set = (table: 'accounts' | 'users', id: string, status: string) =>
      app.db.query(`UPDATE ${table} SET status = $3 WHERE tenant_id = $1 AND id = $2`, [t.tenantId, id, status]);
    // A joint account waits as pending for its member's check; an owner's review can reopen. Set here directly.
    await set('accounts', account.id, 'pending');
    for (const r of [await buy(), await add()]) {
      expectError(r, 402, 'account_id');
      expect(r.body.error.message).toContain(`account ${account.id} is pending`);
    }
    await set('accounts', account.id, 'active');
    await set('users', user.id, 'in_review');
    for (const r of [await buy(), await add()]) {
      expectError(r, 402, 'account_id');
      expect(r.body.error.message).toContain('is in_review, not approved');
    }
    await set('users', user.id, 'approved');
    const missing = '01a1fcaa-0000-7000-8000-000000000000';
    expectError(await buy(missing), 404, missing);
    expectError(await add(missing), 404, missing);
    expect((await buy()).status).toBe(201);
    expect((await add()).status).toBe(201);
    expect((await t.req('GET', '/v1/orders?status=all')).body.data).toHaveLength(1);
    await expectSoundBooks(app, t.tenantId);
  });

  it('a market buy fills at once at the ask and a sell at the bid; lots, positions, transactions and T+1 proceeds follow', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '10000.00');
    const q = quote('AAPL', at10);
    const buy = await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '3', side: 'buy', type: 'market' }));
    expect(buy.status, buy.text).toBe(201);
    expect(buy.body).toMatchObject({
      status: 'filled', filled_quantity: '3', quantity: '3', symbol: 'AAPL', side: 'buy', type: 'market', time_in_force: 'day',
      filled_at: at10.toISOString(), submitted_at: at10.toISOString(), filled_average_price: q.ask.toFixed(2),
    });
    const cost = toCents(q.ask.times(3));
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(10000).minus(cost)));
    const events = (await t.req('GET', '/v1/events?type=ordertransition.*&order=asc')).body.data;
    expect(events.map((e: { type: string; data: { previous_status: string | null } }) => [e.type, e.data.previous_status]))
      .toEqual([['ordertransition.new', null], ['ordertransition.filled', 'new']]);

    const pos = await t.req('GET', `/v1/accounts/${account.id}/positions`);
    expect(pos.status, pos.text).toBe(200);
    expect(pos.body.data).toHaveLength(1);
    expect(pos.body.data[0]).toMatchObject({
      symbol: 'AAPL', quantity: '3', side: 'long', cost_basis: moneyString(cost), current_price: q.price.toFixed(2),
      market_value: moneyString(q.price.times(3)), unrealized_pl: moneyString(toCents(q.price.times(3)).minus(cost)),
    });
    expect(pos.body.data[0].lots).toEqual([expect.objectContaining({ quantity: '3', price: q.ask.toFixed(2), cost_basis: moneyString(cost) })]);
    const acct = (await t.req('GET', `/v1/accounts/${account.id}`)).body;
    expect(acct.portfolio_market_value).toBe(moneyString(q.price.times(3)));
    // The list reads balances inside its own statement, the events path on its own: the same figures.
    const listed = (await t.req('GET', `/v1/users/${account.user_id}/accounts`)).body.data;
    expect(listed).toEqual([expect.objectContaining({ id: account.id, available_cash: acct.available_cash, portfolio_market_value: acct.portfolio_market_value })]);
    expect(await ledgerAccountValuation.read(app.db, t.tenantId, account.id)).toEqual({ available_cash: acct.available_cash, portfolio_market_value: acct.portfolio_market_value });

    // A second lot a minute later, then a sale of 4: FIFO takes the first lot whole and one share of the second.
    const at1001 = ny(days.tuesday, '10:01');
    await t.advance(at1001);
    const q2 = quote('AAPL', at1001);
    expect((await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '2', side: 'buy', type: 'market' }))).body.status).toBe('filled');
    const cost2 = toCents(q2.ask.times(2));
    const at1002 = ny(days.tuesday, '10:02');
    await t.advance(at1002);
    const q3 = quote('AAPL', at1002);
    const sell = await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: '4', side: 'sell', type: 'market' }));
    expect(sell.status, sell.text).toBe(201);
    expect(sell.body).toMatchObject({ status: 'filled', filled_quantity: '4', filled_average_price: q3.bid.toFixed(2) });
    const proceeds = toCents(q3.bid.times(4));
    const cashAfterBuys = new Decimal(10000).minus(cost).minus(cost2);
    expect(await availableCash(t, account.id)).toBe(moneyString(cashAfterBuys));
    const { rows: gains } = await app.db.query<{ quantity: string; cost_basis: string; proceeds: string; realized_gain: string }>(
      'SELECT quantity, cost_basis, proceeds, realized_gain FROM lot_sales WHERE tenant_id = $1 ORDER BY sold_at, id', [t.tenantId]);
    const secondBasis = toCents(cost2.div(2));
    const firstProceeds = toCents(proceeds.times(3).div(4));
    expect(gains.map((g) => [new Decimal(g.quantity).toFixed(), new Decimal(g.cost_basis).toFixed(2), new Decimal(g.realized_gain).toFixed(2)])).toEqual([
      ['3', cost.toFixed(2), firstProceeds.minus(cost).toFixed(2)],
      ['1', secondBasis.toFixed(2), proceeds.minus(firstProceeds).minus(secondBasis).toFixed(2)],
    ]);
    const left = (await t.req('GET', `/v1/accounts/${account.id}/positions`)).body.data[0];
    expect(left).toMatchObject({ quantity: '1', cost_basis: moneyString(cost2.minus(secondBasis)) });
    expect(left.lots).toHaveLength(1);

    const txs = (await t.req('GET', `/v1/accounts/${account.id}/transactions?type=trade&order=asc`)).body.data;
    expect(txs.map((x: Record<string, unknown>) => [x.side, x.symbol, x.quantity, x.price, x.amount])).toEqual([
      ['buy', 'AAPL', '3', q.ask.toFixed(2), moneyString(cost.neg())],
      ['buy', 'AAPL', '2', q2.ask.toFixed(2), moneyString(cost2.neg())],
      ['sell', 'AAPL', '4', q3.bid.toFixed(2), moneyString(proceeds)],
    ]);
    // Proceeds settle T+1 at the open.
    const settled = await t.advance(ny(days.wednesday, '09:45'));
    expect(settled.body.processed.settlements).toBe(1);
    expect(await availableCash(t, account.id)).toBe(moneyString(cashAfterBuys.plus(proceeds)));
    await expectSoundBooks(app, t.tenantId);
  });

  it('a limit order rests until canceled; cancel releases the reservation; finished orders answer 409', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '1000.00');
    const q = quote('MSFT', at10);
    const limit = toCents(q.ask.times('0.5'));
    const r = await t.req('POST', '/v1/orders', order(account.id, 'MSFT', { quantity: '1.5', side: 'buy', type: 'limit', limit_price: limit.toFixed(2), time_in_force: 'gtc', client_order_id: 'cheap-msft' }));
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ status: 'new', filled_quantity: '0', filled_average_price: null, limit_price: limit.toFixed(2), client_order_id: 'cheap-msft' });
    const held = toCentsUp(limit.times('1.5'));
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(1000).minus(held)));
    expect((await balances(app, t.tenantId, account.id))['cash_held:USD']).toBe(held.toFixed());
    expectError(await t.req('POST', '/v1/orders', order(account.id, 'MSFT', { quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00', client_order_id: 'cheap-msft' })), 409, 'client_order_id');
    const open = await t.req('GET', `/v1/orders?account_id=${account.id}&symbol=MSFT`);
    expect(open.body.data.map((o: { id: string }) => o.id)).toEqual([r.body.id]);
    expect(open.body.pagination).toMatchObject({ status: 'open', account_id: account.id, symbol: 'MSFT' });

    const cancel = await t.req('DELETE', `/v1/orders/${r.body.id}`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body).toEqual({ id: r.body.id, object: 'order', canceled: true });
    expect(await availableCash(t, account.id)).toBe('1000.00');
    expect((await t.req('GET', `/v1/orders/${r.body.id}`)).body).toMatchObject({ status: 'canceled', canceled_at: at10.toISOString() });
    expectError(await t.req('DELETE', `/v1/orders/${r.body.id}`), 409);
    expect((await t.req('GET', '/v1/orders')).body.data).toEqual([]);
    expect((await t.req('GET', '/v1/orders?status=closed')).body.data).toHaveLength(1);

    const filled = await t.req('POST', '/v1/orders', order(account.id, 'MSFT', { quantity: '0.5', side: 'buy', type: 'market' }));
    expect(filled.body.status).toBe('filled');
    expectError(await t.req('DELETE', `/v1/orders/${filled.body.id}`), 409);
    expectError(await t.req('GET', '/v1/orders/0190a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b'), 404);
    await expectSoundBooks(app, t.tenantId);
  });

  it('a day order still open at the close expires and gives its cash back; a sell limit gives its shares back', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '1000.00');
    const q = quote('KO', at10);
    const buy = await t.req('POST', '/v1/orders', order(account.id, 'KO', { quantity: '2', side: 'buy', type: 'limit', limit_price: toCents(q.ask.times('0.5')).toFixed(2) }));
    expect(buy.body.status).toBe('new');
    await t.req('POST', '/v1/orders', order(account.id, 'KO', { quantity: '1', side: 'buy', type: 'market' }));
    const sell = await t.req('POST', '/v1/orders', order(account.id, 'KO', { quantity: '1', side: 'sell', type: 'limit', limit_price: toCents(q.bid.times(2)).toFixed(2) }));
    expect(sell.status, sell.text).toBe(201);
    expectError(await t.req('POST', '/v1/orders', order(account.id, 'KO', { quantity: '1', side: 'sell', type: 'market' })), 402, 'quantity');
    const close = await t.advance(ny(days.tuesday, '16:30'));
    expect(close.body.processed.expirations).toBe(2);
    const got = (await t.req('GET', `/v1/orders/${buy.body.id}`)).body;
    expect(got).toMatchObject({ status: 'expired', expired_at: ny(days.tuesday, '16:00').toISOString() });
    const b = await balances(app, t.tenantId, account.id);
    expect(b['cash_held:USD']).toBe('0');
    expect(b['securities:KO']).toBe('1');
    expect(b['securities_held:KO']).toBe('0');
    await expectSoundBooks(app, t.tenantId);
  });

  it('a market order beyond the displayed size fills partially; cancel frees the rest', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '500000.00');
    const q = quote('PFE', at10);
    const qty = q.ask_size + 50;
    const r = await t.req('POST', '/v1/orders', order(account.id, 'PFE', { quantity: String(qty), side: 'buy', type: 'market' }));
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ status: 'partially_filled', filled_quantity: String(q.ask_size), filled_at: null });
    await expectSoundBooks(app, t.tenantId);
    expect((await t.req('DELETE', `/v1/orders/${r.body.id}`)).status).toBe(200);
    expect((await balances(app, t.tenantId, account.id))['cash_held:USD']).toBe('0');
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(500000).minus(toCents(q.ask.times(q.ask_size)))));
    await expectSoundBooks(app, t.tenantId);
  });

  it('8 concurrent buys never overdraw; an idempotent retry creates one order', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '1000.00');
    const q = quote('AAPL', at10);
    const qty = new Decimal(300).div(q.ask).toDecimalPlaces(4, Decimal.ROUND_DOWN).toFixed();
    const results = await Promise.all(Array.from({ length: 8 }, () =>
      t.req('POST', '/v1/orders', order(account.id, 'AAPL', { quantity: qty, side: 'buy', type: 'market' }))));
    const ok = results.filter((r) => r.status === 201);
    expect(results.every((r) => r.status === 201 || r.status === 402), results.map((r) => r.text).join('\n')).toBe(true);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length).toBeLessThanOrEqual(3);
    // Each buy pays its cash rounded up to the cent.
    const spent = toCentsUp(q.ask.times(qty)).times(ok.length);
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(1000).minus(spent)));

    const body = order(account.id, 'AAPL', { quantity: '0.01', side: 'buy', type: 'market' });
    const a = await t.req('POST', '/v1/orders', body, { 'Idempotency-Key': 'buy-once' });
    const b = await t.req('POST', '/v1/orders', body, { 'Idempotency-Key': 'buy-once' });
    expect(a.status, a.text).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect((await t.req('GET', '/v1/orders?status=all&limit=100')).body.data).toHaveLength(ok.length + 1);
    await expectSoundBooks(app, t.tenantId);
  });

  it('a notional buy spends at most its notional and releases the rest', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '100.00');
    const q = quote('AAPL', at10);
    const r = await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { notional: '50.00', side: 'buy', type: 'market' }));
    expect(r.status, r.text).toBe(201);
    const shares = new Decimal(50).div(q.ask).toDecimalPlaces(4, Decimal.ROUND_DOWN);
    expect(r.body).toMatchObject({ status: 'filled', notional: '50.00', quantity: null, filled_quantity: shares.toFixed() });
    // The shares times the price, rounded up to the cent: never more than the notional.
    const spent = toCentsUp(shares.times(q.ask));
    expect(spent.lte(50)).toBe(true);
    expect(r.body.filled_average_price).toBe(priceString(q.ask));
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(100).minus(spent)));
    await expectSoundBooks(app, t.tenantId);
  });

  it('one fill, one price: the order, its transaction, the lot and the position agree; cash rounds against the customer', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '2000.00');
    // A fractional fill whose exact cash has sub-cent digits, so rounding shows.
    const qty = '0.2345';
    const symbol = ['GOOG', 'MSFT', 'AAPL', 'KO', 'PFE'].find((s) => quote(s, at10).ask.times(qty).decimalPlaces() > 2
      && quote(s, ny(days.tuesday, '10:01')).bid.times(qty).decimalPlaces() > 2)!;
    expect(symbol).toBeDefined();
    const q = quote(symbol, at10);
    const r = await t.req('POST', '/v1/orders', order(account.id, symbol, { quantity: qty, side: 'buy', type: 'market' }));
    expect(r.status, r.text).toBe(201);
    const price = priceString(q.ask);
    const paid = toCentsUp(q.ask.times(qty));
    expect(paid.gt(q.ask.times(qty))).toBe(true);
    expect(r.body).toMatchObject({ status: 'filled', filled_quantity: qty, filled_average_price: price });
    const txns = (await t.req('GET', `/v1/accounts/${account.id}/transactions?limit=100`)).body.data as Array<Record<string, string>>;
    const bought = txns.find((x) => x.source_id === r.body.id)!;
    expect(bought).toMatchObject({ type: 'trade', side: 'buy', price, quantity: qty, amount: moneyString(paid.neg()), description: `Bought ${qty} ${symbol} at ${price}` });
    const pos = (await t.req('GET', `/v1/accounts/${account.id}/positions`)).body.data.find((p: { symbol: string }) => p.symbol === symbol);
    expect(pos).toMatchObject({ quantity: qty, cost_basis: moneyString(paid) });
    expect(pos.lots).toEqual([expect.objectContaining({ quantity: qty, price, cost_basis: moneyString(paid) })]);
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(2000).minus(paid)));

    // The sale receives its cash rounded down.
    const at1001 = ny(days.tuesday, '10:01');
    await t.advance(at1001);
    const q2 = quote(symbol, at1001);
    const sell = await t.req('POST', '/v1/orders', order(account.id, symbol, { quantity: qty, side: 'sell', type: 'market' }));
    expect(sell.body).toMatchObject({ status: 'filled', filled_average_price: priceString(q2.bid) });
    const received = q2.bid.times(qty).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const sold = ((await t.req('GET', `/v1/accounts/${account.id}/transactions?limit=100`)).body.data as Array<Record<string, string>>).find((x) => x.source_id === sell.body.id)!;
    expect(sold).toMatchObject({ side: 'sell', price: priceString(q2.bid), amount: moneyString(received), description: `Sold ${qty} ${symbol} at ${priceString(q2.bid)}` });
    await expectSoundBooks(app, t.tenantId);
  });

  it('a $10.00 notional buy fills notional ÷ price truncated to 4 decimals and pays that rounded up to the cent', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '100.00');
    const q = quote('GOOG', at10);
    const r = await t.req('POST', '/v1/orders', order(account.id, 'GOOG', { notional: '10.00', side: 'buy', type: 'market' }));
    expect(r.status, r.text).toBe(201);
    const shares = new Decimal(10).div(q.ask).toDecimalPlaces(4, Decimal.ROUND_DOWN);
    const paid = shares.times(q.ask).toDecimalPlaces(2, Decimal.ROUND_UP);
    expect(paid.lte(10) && new Decimal(10).minus(paid).lt(q.ask.times('0.0001').plus('0.01'))).toBe(true);
    expect(r.body).toMatchObject({ status: 'filled', filled_quantity: shares.toFixed(), filled_average_price: priceString(q.ask) });
    const line = ((await t.req('GET', `/v1/accounts/${account.id}/transactions?limit=100`)).body.data as Array<Record<string, string>>).find((x) => x.source_id === r.body.id)!;
    expect(line).toMatchObject({ amount: moneyString(paid.neg()), price: priceString(q.ask) });
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(100).minus(paid)));
    await expectSoundBooks(app, t.tenantId);
  });

  it('the minute step fills a remainder beyond the displayed size on the next minute', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '500000.00');
    const q = quote('PFE', at10);
    const r = await t.req('POST', '/v1/orders', order(account.id, 'PFE', { quantity: String(q.ask_size + 50), side: 'buy', type: 'market' }));
    expect(r.body.status).toBe('partially_filled');
    const at1001 = ny(days.tuesday, '10:01');
    const q2 = quote('PFE', at1001);
    const adv = await t.advance(ny(days.tuesday, '10:05'));
    expect(adv.body.processed.fills).toBe(1);
    const value = toCents(q.ask.times(q.ask_size)).plus(toCents(q2.ask.times(50)));
    const got = (await t.req('GET', `/v1/orders/${r.body.id}`)).body;
    expect(got).toMatchObject({
      status: 'filled', filled_quantity: String(q.ask_size + 50), filled_at: at1001.toISOString(),
      filled_average_price: avg(value.div(q.ask_size + 50)),
    });
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(500000).minus(value)));
    const events = (await t.req('GET', '/v1/events?type=ordertransition.*&order=asc')).body.data;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['ordertransition.new', 'ordertransition.partially_filled', 'ordertransition.filled']);
    await expectSoundBooks(app, t.tenantId);
  });

  it('a limit buy fills at the first minute its limit is marketable, at that minute\'s ask', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '5000.00');
    const window = minutes(ny(days.tuesday, '10:01'), ny(days.tuesday, '11:30'));
    // A symbol whose ask dips below its 10:00 ask within the window.
    const symbol = SYMBOLS.find((s) => window.some((m) => quote(s, m).ask.lt(quote(s, at10).ask)))!;
    expect(symbol).toBeDefined();
    const asks = window.map((m) => ({ m, ask: quote(symbol, m).ask }));
    const low = asks.reduce((a, b) => (b.ask.lt(a.ask) ? b : a));
    const first = asks.find((x) => x.ask.lte(low.ask))!;
    const r = await t.req('POST', '/v1/orders', order(account.id, symbol, { quantity: '2', side: 'buy', type: 'limit', limit_price: low.ask.toFixed(2) }));
    expect(r.body.status, r.text).toBe('new');
    await t.advance(new Date(first.m.getTime() - 1));
    expect((await t.req('GET', `/v1/orders/${r.body.id}`)).body.status).toBe('new');
    const adv = await t.advance(ny(days.tuesday, '12:00'));
    expect(adv.body.processed.fills).toBe(1);
    const got = (await t.req('GET', `/v1/orders/${r.body.id}`)).body;
    expect(got).toMatchObject({ status: 'filled', filled_at: first.m.toISOString(), filled_average_price: first.ask.toFixed(2) });
    // Bought at the limit or better; the rest of the reservation went back to cash.
    expect(await availableCash(t, account.id)).toBe(moneyString(new Decimal(5000).minus(toCents(first.ask.times(2)))));
    await expectSoundBooks(app, t.tenantId);
  });

  it('a stop buy triggers when the price reaches the stop, then fills at that minute\'s ask', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '5000.00');
    const window = minutes(ny(days.tuesday, '10:01'), ny(days.tuesday, '11:30'));
    // A symbol whose price rises above its 10:00 price within the window.
    const symbol = SYMBOLS.find((s) => window.some((m) => quote(s, m).price.gt(quote(s, at10).price)))!;
    expect(symbol).toBeDefined();
    const prices = window.map((m) => ({ m, q: quote(symbol, m) }));
    const high = prices.reduce((a, b) => (b.q.price.gt(a.q.price) ? b : a));
    const first = prices.find((x) => x.q.price.gte(high.q.price))!;
    const r = await t.req('POST', '/v1/orders', order(account.id, symbol, { quantity: '1', side: 'buy', type: 'stop', stop_price: high.q.price.toFixed(2), time_in_force: 'gtc' }));
    expect(r.body.status, r.text).toBe('new');
    await t.advance(ny(days.tuesday, '12:00'));
    const got = (await t.req('GET', `/v1/orders/${r.body.id}`)).body;
    expect(got).toMatchObject({ status: 'filled', filled_at: first.m.toISOString(), filled_average_price: first.q.ask.toFixed(2) });
    await expectSoundBooks(app, t.tenantId);
  });

  it('a stop-limit sell triggers when the price falls to the stop, then sells at the bid at or above its limit', async () => {
    const t = await newTenant(app);
    const { account } = await fundedCustomer(t, days, '5000.00');
    const window = minutes(ny(days.tuesday, '10:01'), ny(days.tuesday, '11:30'));
    // A symbol whose price dips below its 10:00 price within the window (the simulation is deterministic).
    const symbol = SYMBOLS.find((s) => window.some((m) => quote(s, m).price.lt(quote(s, at10).price)))!;
    expect(symbol).toBeDefined();
    expect((await t.req('POST', '/v1/orders', order(account.id, symbol, { quantity: '2', side: 'buy', type: 'market' }))).body.status).toBe('filled');
    const prices = window.map((m) => ({ m, q: quote(symbol, m) }));
    const low = prices.reduce((a, b) => (b.q.price.lt(a.q.price) ? b : a));
    const first = prices.find((x) => x.q.price.lte(low.q.price))!;
    const limit = first.q.bid.minus(1);
    const r = await t.req('POST', '/v1/orders', order(account.id, symbol, {
      quantity: '2', side: 'sell', type: 'stop_limit', stop_price: low.q.price.toFixed(2), limit_price: limit.toFixed(2),
    }));
    expect(r.body.status, r.text).toBe('new');
    expect((await balances(app, t.tenantId, account.id))[`securities_held:${symbol}`]).toBe('2');
    await t.advance(ny(days.tuesday, '12:00'));
    const got = (await t.req('GET', `/v1/orders/${r.body.id}`)).body;
    expect(got).toMatchObject({ status: 'filled', filled_at: first.m.toISOString(), filled_average_price: first.q.bid.toFixed(2) });
    expect((await t.req('GET', `/v1/accounts/${account.id}/positions`)).body.data).toEqual([]);
    await expectSoundBooks(app, t.tenantId);
  });
});
