// The state fuzzed and probed requests act on: one of everything a path parameter names (owned by
// a tenant, with a resting order, a position and a statement), and secrets planted to be looked for.
import { randomBytes, randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp, TestResponse } from '../helpers/app.ts';
import { cashAccount, person } from '../identity/support.ts';
import { addMonths, nyDate } from '../../server/domain/calendar.ts';
import { ny } from '../money/support.ts';
import { tradingTuesday } from '../orders/support.ts';

export { cashAccount, person };

export const referenceBank = { bank_account_number: '4327843043', bank_routing_number: '121042882', bank_account_nickname: 'Joe checking' };

export interface Fixtures {
  user_id: string;
  account_id: string;
  bank_account_id: string;
  webhook_id: string;
  event_id: string;
  token: string;
  symbol: string;
  range: string;
  /** An open limit order (far below the market) in `account_id`, which also holds a position. */
  order_id: string;
  [k: string]: string;
}

/** One of everything the implemented routes take as a path parameter, owned by `key`'s tenant. */
export async function makeFixtures(app: TestApp, key: string): Promise<Fixtures> {
  const ok = (r: TestResponse, what: string) => {
    expect(r.status, `${what}: ${r.text}`).toBeLessThan(300);
    return r.body;
  };
  const user = ok(await app.request('POST', '/v1/users', { key, body: person('6789') }), 'user');
  // A user whose KYC waits for a document, so the token routes have something to act on.
  const pending = ok(await app.request('POST', '/v1/users', { key, body: person('0003') }), 'pending user');
  const account = ok(await app.request('POST', `/v1/users/${user.id}/accounts`, { key, body: cashAccount }), 'account');
  const bank = ok(await app.request('POST', `/v1/users/${user.id}/bank_accounts`, { key, body: referenceBank }), 'bank account');
  const hook = ok(await app.request('POST', '/v1/webhooks', { key, body: { name: 'fuzz', config: { url: 'http://127.0.0.1:9/hook' } } }), 'webhook');
  // Trading: a deposit made on a Monday settles by Tuesday 10:00 New York, where the tenant's clock
  // then stays (frozen, in a session), so orders placed by the fuzzer really work. A market buy
  // fills (a position), a limit buy far below the market rests (the open order of `order_id`).
  const advance = async (to: Date) => ok(await app.request('POST', '/v1/sandbox/clock/advance', { key, body: { to: to.toISOString() } }), 'clock advance');
  // A statement: a deposit this month, then the clock past the month end (01:00 New York on the 1st).
  ok(await app.request('POST', '/v1/deposits', { key, body: { account_id: account.id, bank_account_id: bank.id, amount: '100.00' } }), 'first deposit');
  const firstOfNext = ny(addMonths(`${nyDate(new Date()).slice(0, 7)}-01`, 1), '01:00');
  await advance(firstOfNext);
  const statements = ok(await app.request('GET', `/v1/statements?account_id=${account.id}`, { key }), 'statements');
  expect(statements.data.length, 'the fixture account has a statement').toBeGreaterThan(0);
  // Managed investing: a class and a portfolio of this tenant's own (every tenant has the defaults).
  const tag = crypto.randomUUID().slice(0, 8);
  const assetClass = ok(await app.request('POST', '/v1/asset_classes', { key, body: { id: `fuzz-${tag}`, name: `Fuzz ${tag}`, primary: 'VTI', secondary: ['SCHB'] } }), 'asset class');
  const portfolio = ok(await app.request('POST', '/v1/portfolios', {
    key, body: { name: `fuzz ${tag}`, allocations: [{ asset_class_id: assetClass.id, weight: '60' }, { asset_class_id: 'corporate-bonds', weight: '40' }] },
  }), 'portfolio');
  const days = tradingTuesday(firstOfNext);
  await advance(ny(days.monday, '08:00'));
  ok(await app.request('POST', '/v1/deposits', { key, body: { account_id: account.id, bank_account_id: bank.id, amount: '1000.00' } }), 'deposit');
  await advance(ny(days.tuesday, '10:00'));
  const filled = ok(await app.request('POST', '/v1/orders', { key, body: { account_id: account.id, symbol: 'AAPL', quantity: '0.5', side: 'buy', type: 'market' } }), 'market order');
  expect(filled.status, 'the fixture market order fills').toBe('filled');
  const resting = ok(await app.request('POST', '/v1/orders', {
    key, body: { account_id: account.id, symbol: 'AAPL', quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00', time_in_force: 'gtc' },
  }), 'limit order');
  const positions = ok(await app.request('GET', `/v1/accounts/${account.id}/positions`, { key }), 'positions');
  expect(positions.data.length, 'the fixture account holds a position').toBeGreaterThan(0);
  const events = ok(await app.request('GET', '/v1/events', { key }), 'events');
  return {
    user_id: user.id, account_id: account.id, bank_account_id: bank.id, webhook_id: hook.id,
    event_id: events.data[0]?.id ?? crypto.randomUUID(), token: pending.kyc_token ?? crypto.randomUUID(),
    symbol: 'AAPL', range: '1m', order_id: resting.id,
    asset_class_id: assetClass.id, portfolio_id: portfolio.id, statement_id: statements.data[0].id,
  };
}

// ---------- planted secrets ----------

export interface Planted {
  secrets: string[];
  /** Plain values stored in clear on purpose (emails): proof that the search does see row data. */
  visible: string[];
}

/** Users with SSNs, bank accounts with numbers, a webhook with a password; returns every clear value. */
export async function plant(request: (m: string, p: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>, keys: string[]): Promise<Planted> {
  const secrets = [...keys];
  const visible: string[] = [];
  for (let i = 0; i < 3; i++) {
    const p = person(i === 0 ? '0002' : '6789', { ssn_number: `8${randomInt(1000, 9999)}${i === 0 ? '0002' : '6789'}` });
    const u = await request('POST', '/v1/users', p);
    expect(u.status, u.text).toBe(201);
    visible.push(p.email_address);
    secrets.push(p.ssn_number, `${p.ssn_number.slice(0, 3)}-${p.ssn_number.slice(3, 5)}-${p.ssn_number.slice(5)}`);
    const bankNumber = `9${randomInt(10_000_000, 99_999_999)}${randomInt(100, 999)}`;
    const b = await request('POST', `/v1/users/${u.body.id}/bank_accounts`, { bank_account_number: bankNumber, bank_routing_number: '121042882', bank_account_nickname: 'checking' });
    expect(b.status, b.text).toBe(201);
    secrets.push(bankNumber);
    // An update carries the SSN again (a second write path).
    const again = await request('PUT', `/v1/users/${u.body.id}`, { ssn_number: p.ssn_number });
    expect(again.status, again.text).toBeLessThan(300);
  }
  const password = `pw_${randomBytes(12).toString('hex')}`;
  const w = await request('POST', '/v1/webhooks', { name: 'h', config: { url: 'http://127.0.0.1:9/x', basic_auth_username: 'u', basic_auth_password: password } });
  expect(w.status, w.text).toBe(201);
  secrets.push(password);
  return { secrets, visible };
}

