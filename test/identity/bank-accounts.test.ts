// Bank accounts over HTTP: ABA and length checks, sealing and masking, one default per user,
// soft delete (and its refusal while a transfer is pending), tenant isolation, idempotency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { customer, deposit, newTenant } from '../money/support.ts';
import { approvedUser, expectError } from './support.ts';

const referenceBank = { bank_account_number: '4327843043', bank_routing_number: '121042882', bank_account_nickname: 'Joe checking' };

describe.each(engines())('bank accounts on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  const link = (userId: string, body: Record<string, unknown> = referenceBank, key?: string) =>
    app.request('POST', `/v1/users/${userId}/bank_accounts`, { body, ...(key ? { key } : {}) });
  const list = async (userId: string) => (await app.request('GET', `/v1/users/${userId}/bank_accounts`)).body.data as Array<{ id: string; default: boolean }>;

  it('links a bank account with masked numbers; the first becomes the default', async () => {
    const u = await approvedUser(app);
    const r = await link(u.id);
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      user_id: u.id, bank_account_number: '******3043', bank_routing_number: '*****2882', default: true, bank_account_nickname: 'Joe checking',
    });
    expect(r.text).not.toContain('4327843043');
    expect(r.text).not.toContain('121042882');
    const got = await app.request('GET', `/v1/bank_accounts/${r.body.id}`);
    expect(got.body).toEqual(r.body);
  });

  it('masks short numbers too', async () => {
    const u = await approvedUser(app);
    const r = await link(u.id, { ...referenceBank, bank_account_number: '1234' });
    expect(r.body.bank_account_number).toBe('*1234');
    const long = await link(u.id, { ...referenceBank, bank_account_number: '12345678901234567' });
    expect(long.body.bank_account_number).toBe('*************4567');
  });

  it('checks the ABA routing checksum and the account number, naming the field', async () => {
    const u = await approvedUser(app);
    expectError(await link(u.id, { ...referenceBank, bank_routing_number: '121042883' }), 400, 'bank_routing_number');
    expectError(await link(u.id, { ...referenceBank, bank_routing_number: '12104288' }), 400, 'bank_routing_number');
    expectError(await link(u.id, { ...referenceBank, bank_account_number: '123' }), 400, 'bank_account_number');
    expectError(await link(u.id, { ...referenceBank, bank_account_number: '123456789012345678' }), 400, 'bank_account_number');
    expectError(await link(u.id, { ...referenceBank, bank_account_number: '43278430ab' }), 400, 'bank_account_number');
    const { bank_account_nickname: _, ...noNick } = referenceBank;
    expectError(await link(u.id, noNick), 400, 'bank_account_nickname');
    expect(await list(u.id)).toEqual([]);
    for (const routing of ['021000021', '011000015', '026009593']) {
      expect((await link(u.id, { ...referenceBank, bank_routing_number: routing })).status).toBe(201);
    }
  });

  it('stores both numbers sealed: no clear number anywhere in the database', async () => {
    const u = await approvedUser(app);
    const number = `98${Date.now()}`.slice(0, 15);
    const r = await link(u.id, { ...referenceBank, bank_account_number: number });
    const { rows } = await app.db.query<{ t: string }>('SELECT row_to_json(b)::text AS t FROM bank_accounts b WHERE tenant_id = $1 AND id = $2', [app.keys.tenantId, r.body.id]);
    expect(rows[0]!.t).not.toContain(number);
    expect(rows[0]!.t).not.toContain('121042882');
    expect(rows[0]!.t).toContain('"bank_account_number_encrypted":"v1.');
    const all = await app.db.query<{ t: string }>('SELECT row_to_json(b)::text AS t FROM bank_accounts b');
    expect(all.rows.some((x) => x.t.includes(number))).toBe(false);
  });

  it('keeps exactly one default per user: setting one clears the other', async () => {
    const u = await approvedUser(app);
    const a = (await link(u.id)).body;
    const b = (await link(u.id, { ...referenceBank, bank_account_nickname: 'Second' })).body;
    expect(b.default).toBe(false);
    const c = (await link(u.id, { ...referenceBank, bank_account_nickname: 'Third', default: true })).body;
    expect(c.default).toBe(true);
    let defaults = (await list(u.id)).filter((x) => x.default).map((x) => x.id);
    expect(defaults).toEqual([c.id]);
    const put = await app.request('PUT', `/v1/bank_accounts/${a.id}`, { body: { default: true, bank_account_nickname: 'Joe WF Checking' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ default: true, bank_account_nickname: 'Joe WF Checking' });
    defaults = (await list(u.id)).filter((x) => x.default).map((x) => x.id);
    expect(defaults).toEqual([a.id]);
    // Concurrent requests to make different accounts the default still leave one.
    await Promise.all([b, c].map((x) => app.request('PUT', `/v1/bank_accounts/${x.id}`, { body: { default: true } })));
    expect((await list(u.id)).filter((x) => x.default)).toHaveLength(1);
    // Renaming alone leaves the flag.
    const renamed = await app.request('PUT', `/v1/bank_accounts/${a.id}`, { body: { bank_account_nickname: 'Renamed' } });
    expect(renamed.body.bank_account_nickname).toBe('Renamed');
    expectError(await app.request('PUT', `/v1/bank_accounts/${a.id}`, { body: {} }), 400);
    expectError(await app.request('PUT', `/v1/bank_accounts/${a.id}`, { body: { bank_account_number: '1234' } }), 400);
  });

  it('soft-deletes: hidden afterwards, kept in the database', async () => {
    const u = await approvedUser(app);
    const a = (await link(u.id)).body;
    const b = (await link(u.id, { ...referenceBank, bank_account_nickname: 'Second' })).body;
    const del = await app.request('DELETE', `/v1/bank_accounts/${a.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ id: a.id, object: 'bank_account', deleted: true });
    expectError(await app.request('GET', `/v1/bank_accounts/${a.id}`), 404);
    expectError(await app.request('PUT', `/v1/bank_accounts/${a.id}`, { body: { default: true } }), 404);
    expectError(await app.request('DELETE', `/v1/bank_accounts/${a.id}`), 404);
    expect((await list(u.id)).map((x) => x.id)).toEqual([b.id]);
    const { rows } = await app.db.query<{ deleted_at: Date | null }>('SELECT deleted_at FROM bank_accounts WHERE tenant_id = $1 AND id = $2', [app.keys.tenantId, a.id]);
    expect(rows[0]!.deleted_at).toBeInstanceOf(Date);
    // With the old default gone, a new default can be set.
    expect((await app.request('PUT', `/v1/bank_accounts/${b.id}`, { body: { default: true } })).body.default).toBe(true);
  });

  it('refuses to delete while a transfer is pending (409)', async () => {
    const u = await approvedUser(app);
    const a = (await link(u.id)).body;
    const { rows } = await app.db.query<{ name: string }>(
      "SELECT t.name FROM unnest(ARRAY['deposits', 'withdrawals', 'transfers']) AS t(name) WHERE to_regclass(t.name) IS NOT NULL");
    if (rows.length === 0) {
      // Before money movement exists, stand in a minimal transfers table.
      await app.db.query('CREATE TABLE transfers (tenant_id uuid NOT NULL, id uuid NOT NULL, bank_account_id uuid NOT NULL, status text NOT NULL)');
      await app.db.query("INSERT INTO transfers VALUES ($1, $2, $2, 'pending')", [app.keys.tenantId, a.id]);
      expectError(await app.request('DELETE', `/v1/bank_accounts/${a.id}`), 409);
      await app.db.query("UPDATE transfers SET status = 'complete' WHERE bank_account_id = $1", [a.id]);
      await app.db.query('DROP TABLE transfers');
    }
    // A pending deposit from the bank account (in a tenant of its own, whose clock it advances).
    const t = await newTenant(app);
    const { account, bank } = await customer(t);
    expect((await deposit(t, account.id, bank.id, '10.00')).status).toBe(201);
    expectError(await t.req('DELETE', `/v1/bank_accounts/${bank.id}`), 409, 'pending');
    await t.advance(new Date(Date.now() + 7 * 24 * 3600 * 1000));
    expect((await t.req('DELETE', `/v1/bank_accounts/${bank.id}`)).status).toBe(200);
  });

  it('lists a user\'s bank accounts, paginated, and 404s unknown users', async () => {
    const u = await approvedUser(app);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await link(u.id, { ...referenceBank, bank_account_nickname: `n${i}` })).body.id);
    const page = await app.request('GET', `/v1/users/${u.id}/bank_accounts?limit=2&order=asc`);
    expect(page.body.data.map((x: { id: string }) => x.id)).toEqual(ids.slice(0, 2));
    expect(page.body.pagination.next_page).toContain(`starting_after=${ids[1]}`);
    expectError(await app.request('GET', '/v1/users/01a1fcaa-0000-7000-8000-000000000000/bank_accounts'), 404);
    expectError(await link('01a1fcaa-0000-7000-8000-000000000000'), 404);
  });

  it('keeps tenants apart', async () => {
    const u = await approvedUser(app);
    const a = (await link(u.id)).body;
    const other = await app.createTenant('bank-other');
    expectError(await app.request('GET', `/v1/bank_accounts/${a.id}`, { key: other.secret }), 404);
    expectError(await app.request('PUT', `/v1/bank_accounts/${a.id}`, { key: other.secret, body: { default: true } }), 404);
    expectError(await app.request('DELETE', `/v1/bank_accounts/${a.id}`, { key: other.secret }), 404);
    expectError(await app.request('GET', `/v1/users/${u.id}/bank_accounts`, { key: other.secret }), 404);
    expectError(await link(u.id, referenceBank, other.secret), 404);
    expect((await app.request('GET', `/v1/bank_accounts/${a.id}`)).status).toBe(200);
  });

  it('replays an idempotent link', async () => {
    const u = await approvedUser(app);
    const headers = { 'Idempotency-Key': `bank-${u.id}` };
    const first = await app.request('POST', `/v1/users/${u.id}/bank_accounts`, { body: referenceBank, headers });
    const again = await app.request('POST', `/v1/users/${u.id}/bank_accounts`, { body: referenceBank, headers });
    expect(again.header('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await list(u.id)).toHaveLength(1);
  });
});
