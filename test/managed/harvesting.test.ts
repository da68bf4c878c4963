// Tax-loss harvesting over HTTP with the sandbox clock, on every engine: a managed investment
// account holding VTI bought by its rebalancer last week, after a 20% drop, is harvested at the
// scan after the close, every lot bought within 30 days sold together at the next open (no
// wash sale: none is left to replace the loss; realized loss = the lot sales'), the proceeds settle T+1 and buy SCHB, harvest.completed
// is emitted; inside the window buys go to SCHB and a manual VTI buy is a recorded wash sale that
// raises the new lot's basis; after the window the account swaps back to VTI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, nextTradingDayOnOrAfter } from '../../server/domain/calendar.ts';
import { Decimal, moneyString, toCents } from '../../server/domain/money.ts';
import { harvestScanAt, matchWashSales, washSaleWindowEnds } from '../../server/domain/wash-sale.ts';
import { buySymbolFor, mustHold } from '../../server/services/wash-sales.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { cashAccount, investorProfile, person } from '../identity/support.ts';
import { bankBody, deposit, newTenant, ny, type Tenant } from '../money/support.ts';
import { tradingTuesday } from '../orders/support.ts';
import { expectSoundBooks } from '../helpers/books.ts';

const US_STOCKS = { id: 'us-stocks', primary: 'VTI', secondary: ['SCHB', 'ITOT'] };
const nextDay = (d: string) => nextTradingDayOnOrAfter(addCalendarDays(d, 1));

type Position = { symbol: string; quantity: string; cost_basis: string; market_value: string; lots: Array<{ id: string; quantity: string; cost_basis: string; acquired_at: string }> };
async function positions(t: Tenant, accountId: string): Promise<Record<string, Position>> {
  const r = await t.req('GET', `/v1/accounts/${accountId}/positions?limit=100`);
  expect(r.status, r.text).toBe(200);
  return Object.fromEntries((r.body.data as Position[]).map((p) => [p.symbol, p]));
}

async function orders(t: Tenant, accountId: string) {
  const r = await t.req('GET', `/v1/orders?status=all&account_id=${accountId}&limit=100&order=asc`);
  expect(r.status, r.text).toBe(200);
  return r.body.data as Array<{ id: string; symbol: string; side: string; status: string; notional: string | null; filled_quantity: string; created_at: string }>;
}

/** An approved owner with a managed investment account following a 100% U.S. Stocks portfolio, funded and invested. */
async function managedAccount(t: Tenant, fund: string) {
  const u = await t.req('POST', '/v1/users', person('6789'));
  expect(u.status, u.text).toBe(201);
  const a = await t.req('POST', `/v1/users/${u.body.id}/accounts`, { ...cashAccount, account_type: 'investment', ...investorProfile });
  expect(a.status, a.text).toBe(201);
  const b = await t.req('POST', `/v1/users/${u.body.id}/bank_accounts`, bankBody());
  expect(b.status, b.text).toBe(201);
  const d = await deposit(t, a.body.id, b.body.id, fund);
  expect(d.status, d.text).toBe(201);
  const p = await t.req('POST', '/v1/portfolios', { name: 'all us stocks', allocations: [{ asset_class_id: 'us-stocks', weight: '100' }] });
  expect(p.status, p.text).toBe(201);
  return { account: a.body, bank: b.body, portfolioId: p.body.id as string };
}

describe.each(engines())('tax-loss harvesting on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('harvests VTI bought last week into SCHB after a 20% drop, selling every recent lot together; records the loss, buys SCHB with the settled proceeds, keeps the window and swaps back', async () => {
    const days = tradingTuesday();
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account, bank, portfolioId } = await managedAccount(t, '20000.00');
    await t.advance(ny(days.tuesday, '10:00'));
    const settings = await t.req('PUT', `/v1/accounts/${account.id}/settings`, { managed: true, portfolio_id: portfolioId });
    expect(settings.status, settings.text).toBe(200);
    // The settings rebalance buys VTI (the primary) at the next market minute.
    await t.advance(ny(days.tuesday, '10:05'));
    const bought = await positions(t, account.id);
    expect(Object.keys(bought)).toEqual(['VTI']);

    // A week later VTI falls 20%: the position bought last week is harvested. Selling the very
    // shares that were bought is no wash sale, so the scan after the close decides to sell every
    // VTI lot bought within the last 30 days, together (here: all of them), leaving none to
    // replace the loss.
    const decided = async () => (await app.db.query<{ kind: string; status: string; decided_at: Date; sold_symbol: string; lot_ids: string[] }>(
      'SELECT kind, status, decided_at, sold_symbol, to_json(lot_ids) AS lot_ids FROM harvests WHERE tenant_id = $1 ORDER BY id', [t.tenantId])).rows;
    const scanDay = nextTradingDayOnOrAfter(addCalendarDays(days.tuesday, 7));
    await t.advance(ny(scanDay, '10:00'));
    const shock = await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'VTI', change_percent: -20 });
    expect(shock.status, shock.text).toBe(200);
    await t.advance(ny(scanDay, '16:30'));
    const heldVti = (await positions(t, account.id)).VTI!;
    expect(heldVti.lots.every((l) => l.acquired_at >= ny(addCalendarDays(scanDay, -30), '00:00').toISOString())).toBe(true);
    const d1 = await decided();
    expect(d1).toHaveLength(1);
    expect(d1[0]).toMatchObject({ kind: 'harvest', status: 'pending', sold_symbol: 'VTI' });
    expect(d1[0]!.decided_at).toEqual(harvestScanAt(scanDay));
    expect([...d1[0]!.lot_ids].sort()).toEqual(heldVti.lots.map((l) => l.id).sort());
    expect((await t.req('GET', `/v1/accounts/${account.id}/harvests`)).body.data).toEqual([]);
    const beforeSale = await positions(t, account.id);

    // The sell at the next open, by specific lots (those ≥ 5% down), at the bid.
    const sellDay = nextDay(scanDay);
    const sold = await t.advance(ny(sellDay, '09:31'));
    expect(sold.body.processed.harvests).toBe(1);
    let list = await t.req('GET', `/v1/accounts/${account.id}/harvests`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const h = list.body.data[0];
    expect(h).toMatchObject({
      account_id: account.id, asset_class_id: 'us-stocks', sold_symbol: 'VTI', replacement_symbol: 'SCHB',
      buy_order_id: null, wash_sale_window_ends: washSaleWindowEnds(sellDay), created_at: ny(sellDay, '09:30').toISOString(),
    });
    const { rows: sales } = await app.db.query<{ id: string; lot_id: string; quantity: string; proceeds: string; realized_gain: string }>(
      'SELECT id, lot_id, quantity, proceeds, realized_gain FROM lot_sales WHERE tenant_id = $1 AND order_id = $2 ORDER BY sold_at, id', [t.tenantId, h.sell_order_id]);
    expect(sales.length).toBeGreaterThan(0);
    // The first (largest) lot, bought last week, is among those sold.
    expect(sales.map((x) => x.lot_id)).toContain(bought.VTI!.lots[0]!.id);
    const realized = sales.reduce((a, x) => a.plus(x.realized_gain), new Decimal(0));
    const proceeds = sales.reduce((a, x) => a.plus(x.proceeds), new Decimal(0));
    const soldQty = sales.reduce((a, x) => a.plus(x.quantity), new Decimal(0));
    expect(realized.lt(0)).toBe(true);
    expect(h.realized_loss).toBe(moneyString(realized));
    expect(h.proceeds).toBe(moneyString(proceeds));
    expect(h.quantity).toBe(soldQty.toFixed());
    const sellOrder = (await t.req('GET', `/v1/orders/${h.sell_order_id}`)).body;
    expect(sellOrder).toMatchObject({ symbol: 'VTI', side: 'sell', status: 'filled', filled_quantity: h.quantity, filled_at: ny(sellDay, '09:30').toISOString() });
    // Every lot bought in the window went in the one sale: nothing is left to replace the loss,
    // so none of it is disallowed.
    const leftVti = new Decimal(beforeSale.VTI!.quantity).minus(soldQty);
    expect(leftVti.toFixed()).toBe('0');
    const afterSale = await positions(t, account.id);
    expect(afterSale).not.toHaveProperty('VTI');
    const { rows: washedAtSale } = await app.db.query('SELECT 1 FROM wash_sales WHERE tenant_id = $1', [t.tenantId]);
    expect(washedAtSale).toEqual([]);
    const { rows: openLoss } = await app.db.query<{ matched: string; disallowed: string }>(
      `SELECT sum(matched_quantity)::text AS matched, sum(disallowed)::text AS disallowed FROM loss_sales WHERE tenant_id = $1 AND symbol = 'VTI'`, [t.tenantId]);
    expect([new Decimal(openLoss[0]!.matched).toFixed(), new Decimal(openLoss[0]!.disallowed).toFixed(2)]).toEqual(['0', '0.00']);
    // Sold but not yet replaced: the window is open and the replacement is to be held.
    expect(await buySymbolFor(app.db, t.tenantId, account.id, US_STOCKS, ny(sellDay, '12:00'))).toBe('SCHB');
    expect(await mustHold(app.db, t.tenantId, account.id, 'SCHB', ny(sellDay, '12:00'))).toBe(true);
    expect((await t.req('GET', '/v1/events?type=harvest.completed')).body.data).toEqual([]);

    // T+1 at the open the proceeds settle and buy SCHB for exactly the proceeds.
    const settleDay = nextDay(sellDay);
    await t.advance(ny(settleDay, '09:31'));
    list = await t.req('GET', `/v1/accounts/${account.id}/harvests`);
    const done = list.body.data[0];
    expect(done.buy_order_id).not.toBeNull();
    const buy = (await t.req('GET', `/v1/orders/${done.buy_order_id}`)).body;
    expect(buy).toMatchObject({ symbol: 'SCHB', side: 'buy', type: 'market', notional: h.proceeds, status: 'filled', submitted_at: ny(settleDay, '09:30').toISOString() });
    const events = (await t.req('GET', '/v1/events?type=harvest.completed')).body.data;
    expect(events).toHaveLength(1);
    expect(events[0].data).toEqual({ object: done, previous_status: null });
    // Emitted when the buy finished (a large buy may take more than the first minute's displayed size).
    expect(events[0].created_at).toBe(buy.filled_at);
    const afterBuy = await positions(t, account.id);
    expect(afterBuy.SCHB!.quantity).toBe(buy.filled_quantity);
    expect(await buySymbolFor(app.db, t.tenantId, account.id, US_STOCKS, ny(settleDay, '12:00'))).toBe('SCHB');

    // Inside the window, new money buys the replacement: a deposit's rebalance buys SCHB, not VTI.
    await t.advance(ny(settleDay, '10:00'));
    expect((await deposit(t, account.id, bank.id, '1000.00')).status).toBe(201);
    const depositDay = nextDay(nextDay(settleDay));
    await t.advance(ny(depositDay, '11:00'));
    const sinceSale = (await orders(t, account.id)).filter((o) => o.created_at > sellOrder.created_at && o.side === 'buy');
    expect(sinceSale.filter((o) => o.symbol === 'VTI')).toEqual([]);
    expect(sinceSale.filter((o) => o.symbol === 'SCHB' && o.id !== done.buy_order_id).length).toBeGreaterThan(0);

    // A wash sale that happens anyway: a manual VTI buy of 1 share inside the window (the cash band
    // leaves a few hundred dollars). The loss on 1 of the sold shares is disallowed and added to
    // the new lot's basis.
    const manual = await t.req('POST', '/v1/orders', { account_id: account.id, symbol: 'VTI', side: 'buy', type: 'market', quantity: '1' });
    expect(manual.status, manual.text).toBe(201);
    expect(manual.body.status).toBe('filled');
    const { rows: fill } = await app.db.query<{ value: string }>('SELECT value FROM trade_fills WHERE tenant_id = $1 AND order_id = $2', [t.tenantId, manual.body.id]);
    const paid = new Decimal(fill[0]!.value);
    const { rows: lossRows } = await app.db.query<{ lot_sale_id: string; quantity: string; loss: string }>(
      'SELECT lot_sale_id, quantity, loss FROM loss_sales WHERE tenant_id = $1 AND symbol = $2 ORDER BY sold_at, lot_sale_id', [t.tenantId, 'VTI']);
    expect(lossRows.map((r) => r.lot_sale_id).sort()).toEqual(sales.map((s) => s.id).sort());
    const expected = matchWashSales(
      lossRows.map((r) => ({ id: r.lot_sale_id, quantity: new Decimal(r.quantity), loss: new Decimal(r.loss), matched_quantity: new Decimal(0), disallowed: new Decimal(0) })),
      [{ id: 'new', capacity: new Decimal(1) }]);
    const disallowed = expected.reduce((a, m) => a.plus(m.disallowed), new Decimal(0));
    // One lot sold: the loss on 1 of its shares, pro rata.
    if (lossRows.length === 1) expect(disallowed.toFixed(2)).toBe(toCents(new Decimal(lossRows[0]!.loss).div(lossRows[0]!.quantity)).toFixed(2));
    expect(disallowed.gt(0)).toBe(true);
    const { rows: washes } = await app.db.query<{ quantity: string; disallowed_loss: string }>(
      'SELECT quantity, disallowed_loss FROM wash_sales WHERE tenant_id = $1 AND account_id = $2', [t.tenantId, account.id]);
    expect(washes.reduce((a, w) => a.plus(w.quantity), new Decimal(0)).toFixed()).toBe('1');
    expect(washes.reduce((a, w) => a.plus(w.disallowed_loss), new Decimal(0)).toFixed(2)).toBe(disallowed.toFixed(2));
    const withWash = await positions(t, account.id);
    const before = afterSale.VTI ? new Decimal(afterSale.VTI.cost_basis) : new Decimal(0);
    expect(withWash.VTI).toMatchObject({ quantity: leftVti.plus(1).toFixed(), cost_basis: moneyString(before.plus(paid).plus(disallowed)) });
    const newLot = withWash.VTI!.lots.find((l) => l.acquired_at === manual.body.filled_at)!;
    expect(newLot).toMatchObject({ quantity: '1', cost_basis: moneyString(paid.plus(disallowed)) });

    // That share carries the disallowed loss in its basis, and the SCHB lots were bought days ago:
    // either would be harvested (all of its recent lots together) if it fell 5% below its basis
    // before the window ends. The market recovers instead, so the window runs its course.
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'VTI', change_percent: 50 })).status).toBe(200);
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'SCHB', change_percent: 15 })).status).toBe(200);
    const recovered = (await positions(t, account.id)).VTI!;
    expect(recovered.quantity).toBe('1');
    expect(new Decimal(recovered.market_value).gt(newLot.cost_basis)).toBe(true);

    // The window's last day still buys SCHB; the day after, VTI again. The first scan after the
    // window swaps the replacement back: SCHB sold at the next open, VTI bought when it settles.
    const windowEnds = washSaleWindowEnds(sellDay);
    expect(await buySymbolFor(app.db, t.tenantId, account.id, US_STOCKS, ny(windowEnds, '12:00'))).toBe('SCHB');
    expect(await buySymbolFor(app.db, t.tenantId, account.id, US_STOCKS, ny(addCalendarDays(windowEnds, 1), '12:00'))).toBe('VTI');
    expect(await mustHold(app.db, t.tenantId, account.id, 'SCHB', ny(addCalendarDays(windowEnds, 1), '12:00'))).toBe(false);
    const swapScan = nextTradingDayOnOrAfter(addCalendarDays(windowEnds, 1));
    const swapSell = nextDay(swapScan);
    await t.advance(ny(nextDay(swapSell), '09:31'));
    const swaps = (await app.db.query<{ status: string; sold_symbol: string; replacement_symbol: string; decided_at: Date }>(
      `SELECT status, sold_symbol, replacement_symbol, decided_at FROM harvests WHERE tenant_id = $1 AND kind = 'swap_back'`, [t.tenantId])).rows;
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ status: 'completed', sold_symbol: 'SCHB', replacement_symbol: 'VTI', decided_at: harvestScanAt(swapScan) });
    const end = await positions(t, account.id);
    expect(end).not.toHaveProperty('SCHB');
    expect(new Decimal(end.VTI!.quantity).gt(leftVti.plus(1))).toBe(true);
    // The list still shows the one harvest; swaps back are not harvests.
    expect((await t.req('GET', `/v1/accounts/${account.id}/harvests`)).body.data.map((x: { id: string }) => x.id)).toEqual([h.id]);
    await expectSoundBooks(app, t.tenantId);
  });

  it('a loss sale after a purchase within the 30 days before it is a wash sale against that purchase; unmanaged accounts are not tracked', async () => {
    const days = tradingTuesday();
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account, portfolioId } = await managedAccount(t, '5000.00');
    await t.advance(ny(days.tuesday, '10:00'));
    // A wide cash band (20–30%) leaves cash for a manual buy.
    const put = await t.req('PUT', `/v1/accounts/${account.id}/settings`, { managed: true, portfolio_id: portfolioId, min_cash_percent: '20', max_cash_percent: '30' });
    expect(put.status, put.text).toBe(200);
    await t.advance(ny(days.tuesday, '10:05'));
    const first = (await positions(t, account.id)).VTI!.lots[0]!;
    // Lot B: one more share a minute later. Then VTI falls 20% and the customer sells the first
    // lot's shares (first in, first out: lot A, at a loss). Lot B, bought within the 30 days
    // before that sale and still held, is the replacement of 1 of the shares sold.
    const b = await t.req('POST', '/v1/orders', { account_id: account.id, symbol: 'VTI', side: 'buy', type: 'market', quantity: '1' });
    expect(b.body.status, b.text).toBe('filled');
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'VTI', change_percent: -20 })).status).toBe(200);
    await t.advance(ny(days.tuesday, '10:07'));
    const sell = await t.req('POST', '/v1/orders', { account_id: account.id, symbol: 'VTI', side: 'sell', type: 'market', quantity: first.quantity });
    expect(sell.body.status, sell.text).toBe('filled');
    const { rows: sales } = await app.db.query<{ lot_id: string; quantity: string; realized_gain: string }>(
      'SELECT lot_id, quantity, realized_gain FROM lot_sales WHERE tenant_id = $1 AND order_id = $2', [t.tenantId, sell.body.id]);
    expect(sales.map((x) => x.lot_id)).toEqual([first.id]);
    const loss = new Decimal(sales[0]!.realized_gain).neg();
    expect(loss.gt(0)).toBe(true);
    // Pro rata: loss × 1 / shares sold, to the cent, half-even.
    const disallowed = toCents(loss.div(first.quantity));
    const pos = await positions(t, account.id);
    const lotB = pos.VTI!.lots.find((l) => l.acquired_at === b.body.filled_at)!;
    const { rows: fill } = await app.db.query<{ value: string }>('SELECT value FROM trade_fills WHERE tenant_id = $1 AND order_id = $2', [t.tenantId, b.body.id]);
    expect(lotB).toMatchObject({ quantity: '1', cost_basis: moneyString(new Decimal(fill[0]!.value).plus(disallowed)) });
    const { rows: washes } = await app.db.query<{ replacement_lot_id: string; quantity: string; disallowed_loss: string }>(
      'SELECT replacement_lot_id, quantity, disallowed_loss FROM wash_sales WHERE tenant_id = $1', [t.tenantId]);
    expect(washes.map((w) => [w.replacement_lot_id, new Decimal(w.quantity).toFixed(), new Decimal(w.disallowed_loss).toFixed(2)]))
      .toEqual([[lotB.id, '1', disallowed.toFixed(2)]]);
    // The loss sale blocks VTI for the rebalancer through day 30.
    expect(await buySymbolFor(app.db, t.tenantId, account.id, US_STOCKS, ny(days.tuesday, '12:00'))).toBe('SCHB');
    expect(await buySymbolFor(app.db, t.tenantId, account.id, US_STOCKS, ny(addCalendarDays(days.tuesday, 30), '12:00'))).toBe('SCHB');
    expect(await buySymbolFor(app.db, t.tenantId, account.id, US_STOCKS, ny(addCalendarDays(days.tuesday, 31), '12:00'))).toBe('VTI');

    // The same trades in a self-directed (unmanaged) account record nothing.
    const other = await managedAccount(t, '5000.00');
    await t.advance(ny(days.wednesday, '10:00'));
    const a1 = await t.req('POST', '/v1/orders', { account_id: other.account.id, symbol: 'VTI', side: 'buy', type: 'market', quantity: '2' });
    expect(a1.body.status, a1.text).toBe('filled');
    const a2 = await t.req('POST', '/v1/orders', { account_id: other.account.id, symbol: 'VTI', side: 'buy', type: 'market', quantity: '1' });
    expect(a2.body.status, a2.text).toBe('filled');
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'VTI', change_percent: -20 })).status).toBe(200);
    await t.advance(ny(days.wednesday, '10:01'));
    expect((await t.req('POST', '/v1/orders', { account_id: other.account.id, symbol: 'VTI', side: 'sell', type: 'market', quantity: '2' })).body.status).toBe('filled');
    const { rows: untracked } = await app.db.query('SELECT 1 FROM loss_sales WHERE tenant_id = $1 AND account_id = $2', [t.tenantId, other.account.id]);
    expect(untracked).toEqual([]);
    await expectSoundBooks(app, t.tenantId);
  });

  it('lists with pagination and answers 404 for an unknown account', async () => {
    const t = await newTenant(app);
    const r = await t.req('GET', '/v1/accounts/0190a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b/harvests');
    expect(r.status).toBe(404);
    const u = await t.req('POST', '/v1/users', person('6789'));
    const a = await t.req('POST', `/v1/users/${u.body.id}/accounts`, { ...cashAccount, account_type: 'investment', ...investorProfile });
    const empty = await t.req('GET', `/v1/accounts/${a.body.id}/harvests?limit=10&order=asc`);
    expect(empty.status, empty.text).toBe(200);
    expect(empty.body).toMatchObject({ data: [], pagination: { limit: 10, order: 'asc', next_page: null } });
  });
});
