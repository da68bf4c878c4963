// ACH deposits and withdrawals over HTTP, with the sandbox clock: T+1 deposits across a weekend
// and a holiday, the sandbox R01 return, T+3 withdrawals, the 402 above cash, events, the
// transactions list, idempotent retries, the bank-account unlink guard, and concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays } from '../../server/domain/calendar.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { cashAccount, expectError, person } from '../identity/support.ts';
import { availableCash, bankBody, customer, deposit, mondayHolidayAfter, newTenant, ny, withdraw, type Tenant } from './support.ts';
import { expectSoundBooks } from '../helpers/books.ts';

const eventsOf = async (t: Tenant, type: string) => (await t.req('GET', `/v1/events?type=${type}&order=asc`)).body.data as Array<{
  type: string; created_at: string; data: { object: Record<string, unknown>; previous_status: string | null };
}>;

describe.each(engines())('deposits and withdrawals on %s', (engine) => {
  let app: TestApp;
  const days = mondayHolidayAfter(new Date());
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  /** A tenant frozen at 11:00 New York on the Friday before a Monday holiday. */
  async function fridayTenant() {
    const t = await newTenant(app);
    await t.advance(ny(days.friday, '11:00'));
    return t;
  }

  it('a deposit settles T+1 at the open, over a weekend and a holiday; only then is it available cash', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t);
    const r = await deposit(t, account.id, bank.id, '202.00');
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      account_id: account.id, bank_account_id: bank.id, amount: '202.00', status: 'pending', completed_at: null,
      expected_settlement_date: days.tuesday, return_code: null, returned_at: null,
    });
    expect(r.body.created_at).toBe(ny(days.friday, '11:00').getTime());
    expect(await availableCash(t, account.id)).toBe('0.00');

    // Through the weekend and the holiday: still pending.
    const quiet = await t.advance(ny(days.monday, '23:00'));
    expect(quiet.body.processed).toEqual({ settlements: 0, fills: 0, expirations: 0, dividends: 0, rebalances: 0, harvests: 0, statements: 0 });
    expect(quiet.body.clock).toMatchObject({ timestamp: ny(days.monday, '23:00').toISOString(), frozen: true });
    await t.advance(new Date(ny(days.tuesday, '09:30').getTime() - 1));
    expect((await t.req('GET', `/v1/deposits/${r.body.id}`)).body.status).toBe('pending');
    expect(await availableCash(t, account.id)).toBe('0.00');

    const settled = await t.advance(ny(days.tuesday, '12:00'));
    expect(settled.body.processed.settlements).toBe(1);
    const got = await t.req('GET', `/v1/deposits/${r.body.id}`);
    expect(got.body).toMatchObject({ status: 'complete', completed_at: ny(days.tuesday, '09:30').getTime() });
    expect(await availableCash(t, account.id)).toBe('202.00');
    expect((await t.req('GET', '/v1/sandbox/clock')).body).toMatchObject({ timestamp: ny(days.tuesday, '12:00').toISOString(), frozen: true, is_open: true });

    const events = await eventsOf(t, 'deposittransition.*');
    expect(events.map((e) => [e.type, e.data.previous_status, e.created_at])).toEqual([
      ['deposittransition.pending', null, ny(days.friday, '11:00').toISOString()],
      ['deposittransition.complete', 'pending', ny(days.tuesday, '09:30').toISOString()],
    ]);
    expect(events[1]!.data.object).toEqual(got.body);
    await expectSoundBooks(app, t.tenantId);
  });

  it('a deposit from a bank account ending 0000 comes back R01 at settlement; nothing is credited', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t, '1234560000');
    const r = await deposit(t, account.id, bank.id, '50.00');
    expect(r.body.status).toBe('pending');
    await t.advance(ny(days.tuesday, '10:00'));
    const got = (await t.req('GET', `/v1/deposits/${r.body.id}`)).body;
    expect(got).toMatchObject({ status: 'returned', return_code: 'R01', returned_at: ny(days.tuesday, '09:30').getTime(), completed_at: null });
    expect(await availableCash(t, account.id)).toBe('0.00');
    expect((await eventsOf(t, 'deposittransition.returned')).map((e) => e.data.previous_status)).toEqual(['pending']);
    const tx = (await t.req('GET', `/v1/accounts/${account.id}/transactions?order=asc`)).body.data;
    expect(tx.map((x: { type: string; amount: string; source_id: string }) => [x.type, x.amount, x.source_id])).toEqual([
      ['deposit', '50.00', r.body.id], ['deposit', '-50.00', r.body.id],
    ]);
    await expectSoundBooks(app, t.tenantId);
  });

  it('refuses a withdrawal above cash (402 naming amount); one within it is held, then completes T+3', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t);
    await deposit(t, account.id, bank.id, '100.00');
    expectError(await withdraw(t, account.id, bank.id, '1.00'), 402, 'amount'); // pending cash is not available
    await t.advance(ny(days.tuesday, '10:00'));
    expectError(await withdraw(t, account.id, bank.id, '100.01'), 402, 'amount');
    const w = await withdraw(t, account.id, bank.id, '60.00');
    expect(w.status, w.text).toBe(201);
    const settleDay = addBusinessDays(days.tuesday, 3);
    expect(w.body).toMatchObject({ status: 'pending', amount: '60.00', expected_settlement_date: settleDay, liquidation_order_ids: [], completed_at: null });
    expect(await availableCash(t, account.id)).toBe('40.00');
    expectError(await withdraw(t, account.id, bank.id, '40.01'), 402, 'amount');

    // The deprecated singular paths behave like the plural ones.
    const legacy = await withdraw(t, account.id, bank.id, '10.00', '/v1/withdrawal');
    expect(legacy.status, legacy.text).toBe(201);
    expect((await t.req('GET', `/v1/withdrawal/${w.body.id}`)).body).toEqual((await t.req('GET', `/v1/withdrawals/${w.body.id}`)).body);

    await t.advance(new Date(ny(settleDay, '09:30').getTime() - 1));
    expect((await t.req('GET', `/v1/withdrawals/${w.body.id}`)).body.status).toBe('pending');
    const done = await t.advance(ny(settleDay, '16:00'));
    expect(done.body.processed.settlements).toBe(2);
    expect((await t.req('GET', `/v1/withdrawals/${w.body.id}`)).body).toMatchObject({ status: 'complete', completed_at: ny(settleDay, '09:30').getTime() });
    expect(await availableCash(t, account.id)).toBe('30.00');
    const events = await eventsOf(t, 'withdrawaltransition.*');
    expect(events.map((e) => [e.type, e.data.previous_status])).toEqual([
      ['withdrawaltransition.pending', null], ['withdrawaltransition.pending', null],
      ['withdrawaltransition.complete', 'pending'], ['withdrawaltransition.complete', 'pending'],
    ]);
    const list = await t.req('GET', `/v1/withdrawals?account_id=${account.id}&status=complete`);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.pagination).toMatchObject({ account_id: account.id, status: 'complete' });
    await expectSoundBooks(app, t.tenantId);
  });

  it('lists the account\'s transactions from the ledger, paginated and filtered by type', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t);
    const d1 = await deposit(t, account.id, bank.id, '300.00');
    const d2 = await deposit(t, account.id, bank.id, '0.50');
    await t.advance(ny(days.tuesday, '10:00'));
    const w = await withdraw(t, account.id, bank.id, '120.25');
    const all = await t.req('GET', `/v1/accounts/${account.id}/transactions`);
    expect(all.status, all.text).toBe(200);
    expect(all.body.data.map((x: { type: string; amount: string; source_id: string }) => [x.type, x.amount, x.source_id])).toEqual([
      ['withdrawal', '-120.25', w.body.id], ['deposit', '0.50', d2.body.id], ['deposit', '300.00', d1.body.id],
    ]);
    expect(all.body.data[0]).toMatchObject({ symbol: null, quantity: null, price: null, side: null, created_at: ny(days.tuesday, '10:00').toISOString() });
    expect(all.body.data[0].description).toContain('3043');
    const page1 = await t.req('GET', `/v1/accounts/${account.id}/transactions?limit=2&type=deposit&order=asc`);
    expect(page1.body.data.map((x: { source_id: string }) => x.source_id)).toEqual([d1.body.id, d2.body.id]);
    expect(page1.body.pagination.type).toBe('deposit');
    expect(page1.body.pagination.next_page).toBeNull();
    const page2 = await t.req('GET', `/v1/accounts/${account.id}/transactions?limit=1`);
    const next = await t.req('GET', page2.body.pagination.next_page);
    expect(next.body.data[0].source_id).toBe(d2.body.id);
    expectError(await t.req('GET', '/v1/accounts/01a1fcaa-0000-7000-8000-000000000000/transactions'), 404);
  });

  it('checks both ends: active account, approved owner, the owner\'s live bank account', async () => {
    const t = await fridayTenant();
    const { user, account, bank } = await customer(t);
    const other = await customer(t);
    expectError(await deposit(t, account.id, other.bank.id, '5.00'), 400, 'bank_account_id');
    expectError(await withdraw(t, account.id, other.bank.id, '5.00'), 400, 'bank_account_id');
    expectError(await deposit(t, '01a1fcaa-0000-7000-8000-000000000000', bank.id, '5.00'), 404);
    expectError(await deposit(t, account.id, '01a1fcaa-0000-7000-8000-000000000000', '5.00'), 404);
    expectError(await deposit(t, account.id, bank.id, '0.00'), 400, 'amount');
    expectError(await deposit(t, account.id, bank.id, '1.001'), 400, 'amount');
    const joint = await t.req('POST', `/v1/users/${user.id}/accounts`, { ...cashAccount, ownership: 'joint', joint_member: person('0003') });
    expect(joint.body.status).toBe('pending');
    expectError(await deposit(t, joint.body.id, bank.id, '5.00'), 402, 'account_id');
    const spare = await t.req('POST', `/v1/users/${user.id}/bank_accounts`, bankBody('99990001'));
    await t.req('DELETE', `/v1/bank_accounts/${spare.body.id}`);
    expectError(await deposit(t, account.id, spare.body.id, '5.00'), 404);
    // Another tenant sees none of it.
    const stranger = await newTenant(app);
    expectError(await stranger.req('GET', `/v1/deposits/${(await deposit(t, account.id, bank.id, '5.00')).body.id}`), 404);
    expectError(await deposit(stranger, account.id, bank.id, '5.00'), 404);
  });

  it('refuses to unlink a bank account while a transfer on it is pending (409)', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t);
    await deposit(t, account.id, bank.id, '20.00');
    expectError(await t.req('DELETE', `/v1/bank_accounts/${bank.id}`), 409, 'pending deposit');
    await t.advance(ny(days.tuesday, '10:00'));
    await withdraw(t, account.id, bank.id, '5.00');
    expectError(await t.req('DELETE', `/v1/bank_accounts/${bank.id}`), 409, 'pending withdrawal');
    await t.advance(ny(addBusinessDays(days.tuesday, 3), '10:00'));
    expect((await t.req('DELETE', `/v1/bank_accounts/${bank.id}`)).status).toBe(200);
  });

  it('replays a retried request with the same Idempotency-Key: one deposit, one journal', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t);
    const key = { 'Idempotency-Key': `dep-${Date.now()}` };
    const a = await deposit(t, account.id, bank.id, '75.00', key);
    const b = await deposit(t, account.id, bank.id, '75.00', key);
    expect(b.status).toBe(201);
    expect(b.header('idempotent-replayed')).toBe('true');
    expect(b.body).toEqual(a.body);
    expectError(await deposit(t, account.id, bank.id, '76.00', key), 409, 'Idempotency-Key');
    const list = await t.req('GET', `/v1/deposits?account_id=${account.id}`);
    expect(list.body.data).toHaveLength(1);
    const { rows } = await app.db.query('SELECT 1 FROM ledger_journals WHERE tenant_id = $1', [t.tenantId]);
    expect(rows).toHaveLength(1);
    expect(await eventsOf(t, 'deposittransition.pending')).toHaveLength(1);
  });

  it('8 concurrent withdrawals never overdraw: exactly floor(cash / amount) succeed', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t);
    await deposit(t, account.id, bank.id, '100.00');
    await t.advance(ny(days.tuesday, '10:00'));
    const results = await Promise.all(Array.from({ length: 8 }, () => withdraw(t, account.id, bank.id, '30.00')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 402, 402, 402, 402, 402]);
    expect(await availableCash(t, account.id)).toBe('10.00');
    await expectSoundBooks(app, t.tenantId);
  });

  it('the database itself refuses an overdraft and any edit of a posting', async () => {
    const t = await fridayTenant();
    const { account, bank } = await customer(t);
    await deposit(t, account.id, bank.id, '10.00');
    await expect(app.db.query(
      `INSERT INTO ledger_balances (tenant_id, account_id, book, asset, amount) VALUES ($1, $2, 'cash', 'USD', -1)`, [t.tenantId, account.id],
    )).rejects.toThrow(/ledger_balances_not_negative/);
    await expect(app.db.query('UPDATE ledger_postings SET amount = amount * 2 WHERE tenant_id = $1', [t.tenantId])).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM ledger_postings WHERE tenant_id = $1', [t.tenantId])).rejects.toThrow(/append-only/);
  });
});
