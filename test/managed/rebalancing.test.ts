// Managed accounts over HTTP with the sandbox clock: settings (defaults, validation, cash accounts,
// tenants), a deposit invested toward the default portfolio at the open, the run recorded and
// announced, drift after a market shock held back by the cooldown and then rebalanced in two
// steps (sells, then buys once the proceeds settle T+1), and management turned off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays } from '../../server/domain/calendar.ts';
import { dividendsBetween } from '../../server/market/dividends.ts';
import { marketData } from '../../server/market/index.ts';
import { Decimal } from '../../server/domain/money.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { cashAccount, expectError, investorProfile, person } from '../identity/support.ts';
import { bankBody, deposit, newTenant, ny, type Tenant } from '../money/support.ts';
import { tradingTuesday } from '../orders/support.ts';
import { expectSoundBooks } from '../helpers/books.ts';

const d = (s: string | number) => new Decimal(s);

/**
 * A trading Tuesday (trading Monday before, Wednesday after) on the 11th–18th of its month, at least
 * 10 days out, whose 6th trading day after is in the same month: the scenario then runs after its
 * month's ex-dividend dates (the 10th) and before the next, so no dividend run joins in.
 */
function quietTuesday(now = new Date()): ReturnType<typeof tradingTuesday> {
  for (let from = now; ; from = new Date(from.getTime() + 7 * 86_400_000)) {
    const days = tradingTuesday(from);
    const dom = Number(days.tuesday.slice(8, 10));
    if (dom >= 11 && dom <= 18 && addBusinessDays(days.tuesday, 6).slice(0, 7) === days.tuesday.slice(0, 7)) return days;
  }
}

/** An approved user with an active investment account (risk tolerance `risk`) and a bank account. */
async function investor(t: Tenant, risk = 'moderate') {
  const u = await t.req('POST', '/v1/users', person('6789'));
  expect(u.status, u.text).toBe(201);
  const a = await t.req('POST', `/v1/users/${u.body.id}/accounts`, { ...cashAccount, account_type: 'investment', ...investorProfile, risk_tolerance: risk });
  expect(a.status, a.text).toBe(201);
  const b = await t.req('POST', `/v1/users/${u.body.id}/bank_accounts`, bankBody());
  expect(b.status, b.text).toBe(201);
  return { user: u.body, account: a.body, bank: b.body };
}

const rebalances = async (t: Tenant, accountId: string) => {
  const r = await t.req('GET', `/v1/accounts/${accountId}/rebalances?order=asc`);
  expect(r.status, r.text).toBe(200);
  return r.body.data as Array<Record<string, any>>;
};

interface Snapshot {
  value: Decimal;
  cash: Decimal;
  /** Market value per asset class id (positions in a class's primary or secondaries). */
  byClass: Map<string, Decimal>;
  positions: Array<Record<string, any>>;
}

/** The account as the API shows it: settled cash, positions by class. */
async function snapshot(t: Tenant, accountId: string, classes: Array<Record<string, any>>): Promise<Snapshot> {
  const acct = (await t.req('GET', `/v1/accounts/${accountId}`)).body;
  const positions = (await t.req('GET', `/v1/accounts/${accountId}/positions?limit=100`)).body.data as Array<Record<string, any>>;
  const byClass = new Map<string, Decimal>();
  for (const p of positions) {
    const cls = classes.find((c) => c.primary === p.symbol || c.secondary.includes(p.symbol));
    expect(cls, `${p.symbol} belongs to an asset class`).toBeDefined();
    byClass.set(cls!.id, (byClass.get(cls!.id) ?? d(0)).plus(p.market_value));
  }
  const cash = d(acct.available_cash);
  return { value: cash.plus(acct.portfolio_market_value), cash, byClass, positions };
}

describe.each(engines())('managed accounts on %s', (engine) => {
  let app: TestApp;
  const days = quietTuesday();
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('invests a deposit toward the default portfolio at the open, records the run and announces it; drift waits out the cooldown, then rebalances in two steps', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account, bank } = await investor(t);
    expect(account.settings).toEqual({ managed: false, portfolio_id: null, min_cash_percent: '1.0', max_cash_percent: '5.0' });
    expect((await deposit(t, account.id, bank.id, '10000.00')).status).toBe(201);

    // Managed with the defaults: the moderate default portfolio and a 1–5% cash band.
    const portfolios = (await t.req('GET', '/v1/portfolios?limit=100')).body.data as Array<Record<string, any>>;
    const moderate = portfolios.find((p) => p.is_default && p.risk_tolerance === 'moderate')!;
    const put = await t.req('PUT', `/v1/accounts/${account.id}/settings`, { managed: true });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual({ id: account.id, managed: true, portfolio_id: moderate.id, min_cash_percent: '1.0', max_cash_percent: '5.0' });
    expect((await t.req('GET', `/v1/accounts/${account.id}`)).body.settings).toEqual({ managed: true, portfolio_id: moderate.id, min_cash_percent: '1.0', max_cash_percent: '5.0' });
    // Nothing runs while the market is closed.
    expect(await rebalances(t, account.id)).toEqual([]);

    // Monday's open: the settings run finds only pending cash and is skipped (no event).
    await t.advance(ny(days.monday, '09:45'));
    const [settingsRun] = await rebalances(t, account.id);
    expect(settingsRun).toMatchObject({
      account_id: account.id, trigger: 'settings', status: 'skipped', skip_reason: 'cash_pending', drift_before: '0.9700', drift_after: null, order_ids: [],
      started_at: ny(days.monday, '09:30').toISOString(), completed_at: ny(days.monday, '09:30').toISOString(),
      note: 'Nothing to trade before the pending cash settles',
    });
    expect((await t.req('GET', `/v1/orders?status=all&account_id=${account.id}`)).body.data).toEqual([]);

    // Tuesday 09:30 the deposit settles: a deposit run buys every class with notional market orders.
    const advanced = await t.advance(ny(days.tuesday, '09:35'));
    expect(advanced.body.processed.rebalances).toBeGreaterThanOrEqual(1);
    const runs = await rebalances(t, account.id);
    expect(runs).toHaveLength(2);
    const run = runs[1]!;
    const at0930 = ny(days.tuesday, '09:30').toISOString();
    expect(run).toMatchObject({ trigger: 'deposit', status: 'completed', skip_reason: null, drift_before: '0.9700', started_at: at0930, completed_at: at0930, note: null });
    expect(run.order_ids).toHaveLength(moderate.allocations.length);
    expect(d(run.drift_after).lt('0.01'), run.drift_after).toBe(true);
    const classes = (await t.req('GET', '/v1/asset_classes?limit=100')).body.data as Array<Record<string, any>>;
    for (const [i, id] of run.order_ids.entries()) {
      const o = (await t.req('GET', `/v1/orders/${id}`)).body;
      const cls = classes.find((c) => c.id === moderate.allocations[i].asset_class_id)!;
      expect(o).toMatchObject({ account_id: account.id, side: 'buy', type: 'market', status: 'filled', symbol: cls.primary, quantity: null });
      // Each notional is the class's share of the invested 97%, rounded down to the cent.
      expect(o.notional).toBe(d(10000).times('0.97').times(moderate.allocations[i].weight).div(100).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2));
    }

    // Holdings match the targets within 0.5 points of the account; cash sits inside the band.
    const s1 = await snapshot(t, account.id, classes);
    for (const a of moderate.allocations) {
      const actual = (s1.byClass.get(a.asset_class_id) ?? d(0)).div(s1.value);
      const target = d(a.weight).div(100).times('0.97');
      expect(actual.minus(target).abs().lt('0.005'), `${a.asset_class_id}: ${actual.toFixed(4)} vs ${target.toFixed(4)}`).toBe(true);
    }
    const cashShare = s1.cash.div(s1.value);
    expect(cashShare.gte('0.01') && cashShare.lte('0.05'), cashShare.toFixed(4)).toBe(true);

    // rebalance.completed carries the run as the list shows it.
    const events = (await t.req('GET', '/v1/events?type=rebalance.completed')).body.data;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'rebalance.completed', created_at: at0930, data: { previous_status: null, object: run } });

    // A 30% drop of the largest class breaches the bands, but the deposit run started today:
    // the cooldown holds drift runs back until the 5th trading day after it.
    const largest = [...moderate.allocations].sort((a, b) => Number(b.weight) - Number(a.weight))[0];
    const shocked = classes.find((c) => c.id === largest.asset_class_id)!.primary;
    await t.advance(ny(days.tuesday, '09:40'));
    const shock = await t.req('POST', '/v1/sandbox/market/shock', { symbol: shocked, change_percent: -30 });
    expect(shock.status, shock.text).toBe(200);
    const shockedSnapshot = await snapshot(t, account.id, classes);
    const shockedDrift = moderate.allocations.reduce((sum: Decimal, a: Record<string, any>) => sum.plus(
      (shockedSnapshot.byClass.get(a.asset_class_id) ?? d(0)).div(shockedSnapshot.value).minus(d(a.weight).div(100).times('0.97')).abs()), d(0))
      .plus(shockedSnapshot.cash.div(shockedSnapshot.value).minus('0.03').abs()).div(2);
    expect(shockedDrift.gte('0.03'), shockedDrift.toFixed(4)).toBe(true);
    const fourDaysLater = addBusinessDays(days.tuesday, 4);
    await t.advance(ny(fourDaysLater, '16:00'));
    expect(await rebalances(t, account.id)).toHaveLength(2);
    // The daily checks did run (the last at 10:00 that day): the cooldown is what held the run back.
    const { rows: checks } = await app.db.query<{ checked_at: Date }>('SELECT checked_at FROM rebalance_checks WHERE tenant_id = $1', [t.tenantId]);
    expect(checks.map((c) => c.checked_at.toISOString())).toEqual([ny(fourDaysLater, '10:00').toISOString()]);

    // The 5th trading day's 10:00 check requests a drift run: it sells the overweight classes first
    // (plus the buys settled cash allows), and waits for the proceeds.
    const fifth = addBusinessDays(days.tuesday, 5);
    await t.advance(ny(fifth, '10:05'));
    const withDrift = await rebalances(t, account.id);
    expect(withDrift).toHaveLength(3);
    const drift = withDrift[2]!;
    expect(drift).toMatchObject({ trigger: 'drift', status: 'in_progress', started_at: ny(fifth, '10:00').toISOString(), completed_at: null, drift_after: null });
    expect(d(drift.drift_before).gte('0.03'), drift.drift_before).toBe(true);
    const sides = [];
    for (const id of drift.order_ids) sides.push((await t.req('GET', `/v1/orders/${id}`)).body.side);
    expect(sides[0]).toBe('sell');
    expect(sides.indexOf('buy') === -1 || sides.lastIndexOf('sell') < sides.indexOf('buy')).toBe(true);
    const firstStep = drift.order_ids.length;
    // A deposit made while the run waits settles with the proceeds: it joins as one follow-up run.
    expect((await deposit(t, account.id, bank.id, '500.00')).status).toBe(201);

    // T+1 at the open the proceeds settle; the second step buys the underweight class and completes.
    const sixth = addBusinessDays(fifth, 1);
    await t.advance(ny(sixth, '09:35'));
    const done = (await rebalances(t, account.id))[2]!;
    expect(done).toMatchObject({ id: drift.id, status: 'completed', completed_at: ny(sixth, '09:30').toISOString() });
    expect(done.order_ids.length).toBeGreaterThan(firstStep);
    expect(done.order_ids.slice(0, firstStep)).toEqual(drift.order_ids);
    for (const id of done.order_ids.slice(firstStep)) {
      const o = (await t.req('GET', `/v1/orders/${id}`)).body;
      expect(o).toMatchObject({ side: 'buy', status: 'filled', created_at: ny(sixth, '09:30').toISOString() });
    }
    expect(d(done.drift_after).lt(d(done.drift_before)), `${done.drift_after} < ${done.drift_before}`).toBe(true);
    expect(d(done.drift_after).lt('0.01'), done.drift_after).toBe(true);
    const s2 = await snapshot(t, account.id, classes);
    const cash2 = s2.cash.div(s2.value);
    expect(cash2.gte('0.01') && cash2.lte('0.05'), cash2.toFixed(4)).toBe(true);
    // The follow-up deposit run started when the drift run completed; the drift run's buys had already
    // invested the deposit (they re-plan with the cash there is), so it finds little or nothing to do.
    const all = await rebalances(t, account.id);
    expect(all).toHaveLength(4);
    expect(all[3]).toMatchObject({ trigger: 'deposit', started_at: ny(sixth, '09:30').toISOString() });
    const completedRuns = all.filter((r) => r.status === 'completed').length;
    expect((await t.req('GET', '/v1/events?type=rebalance.completed')).body.data).toHaveLength(completedRuns);
    await expectSoundBooks(app, t.tenantId);
  });

  it('checks settings: cash accounts 409, bad inputs 400 naming the field, unknown portfolio 404, other tenants 404', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account } = await investor(t);
    const path = `/v1/accounts/${account.id}/settings`;

    const u = await t.req('POST', '/v1/users', person('6789'));
    const cash = await t.req('POST', `/v1/users/${u.body.id}/accounts`, cashAccount);
    const refused = await t.req('PUT', `/v1/accounts/${cash.body.id}/settings`, { managed: true });
    expectError(refused, 409, 'account_type');
    expect(refused.body.error.field).toBe('account_type');

    const inverted = await t.req('PUT', path, { managed: true, min_cash_percent: '6', max_cash_percent: '5.5' });
    expectError(inverted, 400, 'min_cash_percent');
    expect(inverted.body.error.field).toBe('min_cash_percent');
    expectError(await t.req('PUT', path, { managed: true, max_cash_percent: '101' }), 400, 'max_cash_percent');
    expectError(await t.req('PUT', path, { managed: true, min_cash_percent: 2 }), 400, 'min_cash_percent');
    expectError(await t.req('PUT', path, { min_cash_percent: '2' }), 400, 'managed');
    expectError(await t.req('PUT', path, { managed: true, portfolio_id: '0192f0c5-201e-7c3e-9d41-5b6a7c8d001e' }), 404, 'portfolio');
    expectError(await t.req('PUT', '/v1/accounts/0192f0c5-201e-7c3e-9d41-5b6a7c8d001e/settings', { managed: true }), 404, 'account');
    // Nothing changed on the way.
    expect((await t.req('GET', `/v1/accounts/${account.id}`)).body.settings).toEqual({ managed: false, portfolio_id: null, min_cash_percent: '1.0', max_cash_percent: '5.0' });

    // Another tenant sees neither the settings nor the history.
    const other = await newTenant(app);
    expectError(await other.req('PUT', path, { managed: true }), 404, 'account');
    expectError(await other.req('GET', `/v1/accounts/${account.id}/rebalances`), 404, 'account');

    // A band of its own and a chosen portfolio are kept as sent.
    const conservative = ((await t.req('GET', '/v1/portfolios?limit=100')).body.data as Array<Record<string, any>>)
      .find((p) => p.risk_tolerance === 'conservative')!;
    const ok = await t.req('PUT', path, { managed: true, portfolio_id: conservative.id, min_cash_percent: '2.50', max_cash_percent: '2.5' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual({ id: account.id, managed: true, portfolio_id: conservative.id, min_cash_percent: '2.50', max_cash_percent: '2.5' });
  });

  it('records a run with nothing to trade as skipped with its reason, and sends no webhook for it', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account } = await investor(t);
    expect((await t.req('PUT', `/v1/accounts/${account.id}/settings`, { managed: true })).status).toBe(200);
    const advanced = await t.advance(ny(days.monday, '09:45'));
    expect(advanced.body.processed.rebalances).toBe(1);
    const at0930 = ny(days.monday, '09:30').toISOString();
    const runs = await rebalances(t, account.id);
    expect(runs).toEqual([{
      id: expect.any(String), account_id: account.id, trigger: 'settings', status: 'skipped', skip_reason: 'nothing_to_trade',
      drift_before: expect.any(String), drift_after: null, order_ids: [], started_at: at0930, completed_at: at0930,
      note: 'No trade of at least $1.00 was needed',
    }]);
    // Webhooks are sent for events: a skipped run makes none.
    expect((await t.req('GET', '/v1/events?type=rebalance.*')).body.data).toEqual([]);
    await expectSoundBooks(app, t.tenantId);
  });

  it('coalesces triggers into one request, and turning management off drops a request that has not started', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account } = await investor(t, 'aggressive');
    const path = `/v1/accounts/${account.id}/settings`;
    // Two changes before the open: one request.
    expect((await t.req('PUT', path, { managed: true })).status).toBe(200);
    expect((await t.req('PUT', path, { managed: true, max_cash_percent: '10' })).status).toBe(200);
    const { rows } = await app.db.query<{ state: string; trigger: string }>(
      'SELECT state, trigger FROM rebalances WHERE tenant_id = $1 AND account_id = $2', [t.tenantId, account.id]);
    expect(rows).toEqual([{ state: 'requested', trigger: 'settings' }]);
    // The same settings again change nothing and request nothing new.
    expect((await t.req('PUT', path, { managed: true, max_cash_percent: '10' })).status).toBe(200);
    // Off: the request is dropped, the settings say so, and the open passes without a run.
    const off = await t.req('PUT', path, { managed: false });
    expect(off.body).toEqual({ id: account.id, managed: false, portfolio_id: null, min_cash_percent: '1.0', max_cash_percent: '5.0' });
    await t.advance(ny(days.monday, '10:30'));
    expect(await rebalances(t, account.id)).toEqual([]);
    const after = await app.db.query<{ state: string }>('SELECT state FROM rebalances WHERE tenant_id = $1 AND account_id = $2', [t.tenantId, account.id]);
    expect(after.rows).toEqual([{ state: 'canceled' }]);
  });

  it('a dividend paid into a managed account requests one dividend run at the pay date open', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account, bank } = await investor(t, 'conservative');
    expect((await deposit(t, account.id, bank.id, '20000.00')).status).toBe(201);
    expect((await t.req('PUT', `/v1/accounts/${account.id}/settings`, { managed: true })).status).toBe(200);
    await t.advance(ny(days.tuesday, '09:35'));
    const bought = (await t.req('GET', `/v1/accounts/${account.id}/positions?limit=100`)).body.data.map((p: { symbol: string }) => p.symbol) as string[];
    // The first pay date of anything the account holds after the purchase.
    const next = bought.flatMap((sym) => dividendsBetween(marketData.asset(sym)!, addBusinessDays(days.tuesday, 1), addBusinessDays(days.tuesday, 60)))
      .sort((a, b) => (a.pay_date < b.pay_date ? -1 : 1))[0]!;
    expect(next, `one of ${bought.join(', ')} pays a dividend`).toBeDefined();
    await t.advance(ny(next.pay_date, '09:35'));
    const paid = (await t.req('GET', `/v1/accounts/${account.id}/transactions?type=dividend`)).body.data;
    expect(paid.length).toBeGreaterThanOrEqual(1);
    const dividendRuns = (await rebalances(t, account.id)).filter((r) => r.trigger === 'dividend');
    // However many holdings paid that morning, the payments coalesce into one run.
    expect(dividendRuns).toHaveLength(1);
    expect(dividendRuns[0]).toMatchObject({ started_at: ny(next.pay_date, '09:30').toISOString() });
    await expectSoundBooks(app, t.tenantId);
  });

  it('concurrent settings changes leave one run under way per account', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    const { account } = await investor(t);
    const puts = await Promise.all(['5', '6', '7', '8', '9'].map((max) =>
      t.req('PUT', `/v1/accounts/${account.id}/settings`, { managed: true, max_cash_percent: max })));
    expect(puts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const { rows } = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rebalances WHERE tenant_id = $1 AND account_id = $2 AND state <> 'canceled'`, [t.tenantId, account.id]);
    expect(rows[0]!.n).toBe(1);
  });
});
