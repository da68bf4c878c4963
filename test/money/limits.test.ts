// Limits at the door keep every amount within what the contract can express: one transfer moves
// at most 1,000,000.00, an account is worth at most 100,000,000.00, and a symbol's shocks keep its
// price within 1/100 to 100 times its simulated price. Also: unlinking a bank account races with
// new transfers and exactly one side wins; an idempotent replay repeats the first bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { expectSoundBooks } from '../helpers/books.ts';
import { expectError } from '../identity/support.ts';
import { order, tradingTuesday } from '../orders/support.ts';
import { bankBody, customer, deposit, newTenant, ny, withdraw, type Tenant } from './support.ts';

describe.each(engines())('money limits on %s', (engine) => {
  let app: TestApp;
  const days = tradingTuesday();
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  async function mondayCustomer() {
    const t = await newTenant(app);
    await t.advance(ny(days.monday, '08:00'));
    return { t, ...(await customer(t)) };
  }

  it('one deposit or withdrawal moves at most 1,000,000.00; the reported overflow is a 400 naming amount', async () => {
    const { t, account, bank } = await mondayCustomer();
    for (const amount of ['1000000.01', '9999999999999.99']) {
      const r = await deposit(t, account.id, bank.id, amount);
      expectError(r, 400, 'amount');
      expect(r.body.error.type).toBe('validation_error');
      expect(r.body.error.message).toMatch(/^amount: must be at most 1,000,000\.00 per transfer/);
      expectError(await withdraw(t, account.id, bank.id, amount), 400, 'amount');
      expectError(await withdraw(t, account.id, bank.id, amount, '/v1/withdrawal'), 400, 'amount');
    }
    expect((await deposit(t, account.id, bank.id, '1000000.00')).status).toBe(201);
    const got = await t.req('GET', `/v1/accounts/${account.id}`);
    expect(got.status, got.text).toBe(200);
    expect((await t.req('GET', `/v1/deposits?account_id=${account.id}`)).body.data.map((d: { amount: string }) => d.amount)).toEqual(['1000000.00']);
  });

  it('an account is worth at most 100,000,000.00: the deposit that would pass it is a 402 naming amount', async () => {
    const { t, account, bank } = await mondayCustomer();
    for (let i = 0; i < 99; i++) expect((await deposit(t, account.id, bank.id, '1000000.00')).status).toBe(201);
    expect((await deposit(t, account.id, bank.id, '999999.99')).status).toBe(201);
    // 99,999,999.99 pending: one cent more fits, two do not.
    const over = await deposit(t, account.id, bank.id, '0.02');
    expectError(over, 402, 'amount');
    expect(over.body.error.message).toMatch(/more than 100,000,000\.00/);
    expect((await deposit(t, account.id, bank.id, '0.01')).status).toBe(201);
    expectError(await deposit(t, account.id, bank.id, '0.01'), 402, 'amount');
    await t.advance(ny(days.tuesday, '10:00'));
    const got = await t.req('GET', `/v1/accounts/${account.id}`);
    expect(got.status, got.text).toBe(200);
    expect(got.body.available_cash).toBe('100000000.00');
    // Settled, the cash still counts.
    expectError(await deposit(t, account.id, bank.id, '0.01'), 402, 'amount');
    await expectSoundBooks(app, t.tenantId);
  });

  it('a symbol\'s shocks together keep its price within 1/100 and 100 times its simulated price', async () => {
    const t = await newTenant(app);
    await t.advance(ny(days.tuesday, '11:00'));
    const first = await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'KO', change_percent: 1000 });
    expect(first.status, first.text).toBe(200);
    // 11 × 11 = 121 times: refused, and nothing changed.
    const second = await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'KO', change_percent: 1000 });
    expectError(second, 400, 'change_percent');
    expect(second.body.error.type).toBe('validation_error');
    expect((await t.req('GET', '/v1/stocks/KO')).body.latest_price).toBe(first.body.price);
    // 11 × 9 = 99 times is within the range; so is 99 × 0.001, but not a hundredth of that.
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'KO', change_percent: 800 })).status).toBe(200);
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'KO', change_percent: -99.9 })).status).toBe(200);
    expectError(await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'KO', change_percent: -99 }), 400, 'change_percent');
    // Other symbols keep their own range.
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'PFE', change_percent: 1000 })).status).toBe(200);
  });

  it('a shock that would value a holder above 100,000,000.00 is a 409, and the books stay readable', async () => {
    const { t, account, bank } = await mondayCustomer();
    for (let i = 0; i < 2; i++) expect((await deposit(t, account.id, bank.id, '1000000.00')).status).toBe(201);
    await t.advance(ny(days.tuesday, '10:00'));
    const buy = await t.req('POST', '/v1/orders', order(account.id, 'AAPL', { notional: '1900000.00', side: 'buy', type: 'market', time_in_force: 'day' }));
    expect(buy.status, buy.text).toBe(201);
    await t.advance(ny(days.tuesday, '15:00'));
    const position = (await t.req('GET', `/v1/accounts/${account.id}/positions`)).body.data[0];
    expect(Number(position.market_value)).toBeGreaterThan(1_000_000);
    expect((await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'AAPL', change_percent: 900 })).status).toBe(200);
    const price = (await t.req('GET', '/v1/stocks/AAPL')).body.latest_price;
    const refused = await t.req('POST', '/v1/sandbox/market/shock', { symbol: 'AAPL', change_percent: 900 });
    expectError(refused, 409, 'change_percent');
    expect(refused.body.error.message).toContain(account.id);
    expect((await t.req('GET', '/v1/stocks/AAPL')).body.latest_price).toBe(price);
    for (const path of [`/v1/accounts/${account.id}`, `/v1/accounts/${account.id}/positions`, `/v1/accounts/${account.id}/transactions`]) {
      const r = await t.req('GET', path);
      expect(r.status, `${path}: ${r.text}`).toBe(200);
    }
  });

  it('an idempotent replay sends the first response byte for byte', async () => {
    const { t, account, bank } = await mondayCustomer();
    const headers = { 'Idempotency-Key': 'bytes-1' };
    const first = await deposit(t, account.id, bank.id, '202.00', headers);
    expect(first.status, first.text).toBe(201);
    const again = await deposit(t, account.id, bank.id, '202.00', headers);
    expect(again.header('idempotent-replayed')).toBe('true');
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.header('content-type')).toBe(first.header('content-type'));
    // A refusal is replayed byte for byte too.
    const refusedHeaders = { 'Idempotency-Key': 'bytes-2' };
    const refused = await withdraw(t, account.id, bank.id, '5000.00');
    expect(refused.status).toBe(402);
    const r1 = await t.req('POST', '/v1/withdrawals', { account_id: account.id, bank_account_id: bank.id, amount: '5000.00' }, refusedHeaders);
    const r2 = await t.req('POST', '/v1/withdrawals', { amount: '5000.00', bank_account_id: bank.id, account_id: account.id }, refusedHeaders);
    expect(r2.header('idempotent-replayed')).toBe('true');
    expect([r2.status, r2.text]).toEqual([r1.status, r1.text]);
  });

  async function unlinkRace(t: Tenant, accountId: string, userId: string, kind: 'deposits' | 'withdrawals', rounds: number) {
    for (let round = 0; round < rounds; round++) {
      const bank = await t.req('POST', `/v1/users/${userId}/bank_accounts`, bankBody(`77${round}${kind.length}0012345`));
      expect(bank.status, bank.text).toBe(201);
      const transfers = Array.from({ length: 8 }, () => t.req('POST', `/v1/${kind}`, { account_id: accountId, bank_account_id: bank.body.id, amount: '1.00' }));
      const unlink = t.req('DELETE', `/v1/bank_accounts/${bank.body.id}`);
      const [gone, ...made] = await Promise.all([unlink, ...transfers]);
      const created = made.filter((r) => r.status === 201);
      for (const r of made) expect([201, 404], r.text).toContain(r.status);
      if (gone!.status === 200) {
        expect(created, `round ${round}: the bank account was unlinked and a ${kind.slice(0, -1)} still made`).toEqual([]);
      } else {
        expectError(gone!, 409);
        expect(created.length).toBeGreaterThan(0);
        expect((await t.req('GET', `/v1/bank_accounts/${bank.body.id}`)).status).toBe(200);
      }
    }
  }

  it('unlinking a bank account while deposits and withdrawals start on it: exactly one side wins', async () => {
    const { t, user, account, bank } = await mondayCustomer();
    expect((await deposit(t, account.id, bank.id, '1000.00')).status).toBe(201);
    await t.advance(ny(days.tuesday, '10:00'));
    await unlinkRace(t, account.id, user.id, 'deposits', 6);
    await unlinkRace(t, account.id, user.id, 'withdrawals', 6);
    // Every transfer settles to a bank account still linked.
    await t.advance(ny(days.wednesday, '12:00'));
    for (const kind of ['deposits', 'withdrawals']) {
      for (const d of (await t.req('GET', `/v1/${kind}?account_id=${account.id}&limit=100`)).body.data) {
        expect((await t.req('GET', `/v1/bank_accounts/${d.bank_account_id}`)).status, `${kind} ${d.id} (${d.status})`).toBe(200);
      }
    }
    await expectSoundBooks(app, t.tenantId);
  });
});
