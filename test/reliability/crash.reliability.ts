// Crash safety on PostgreSQL: the real server process (`finos serve`) under a mixed write load
// (users, bank accounts, accounts, webhooks; deposits and withdrawals; orders placed, filled and
// canceled while the sandbox clock steps through a market session) is killed with SIGKILL,
// restarted, and then every write it acknowledged (2xx) must be there, no write may be half there
// (a user without its KYC check or its event, an account without its event), and the books must
// be sound: postings sum to zero per asset, no settled cash or shares below zero, positions equal
// the open tax lots, reservations equal what is held, every order's fills add up.
// Skips when FINOS_TEST_DATABASE_URL is unset or unreachable.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../server/domain/money.ts';
import { engines, send } from '../helpers/app.ts';
import { ny } from '../money/support.ts';
import { quote, tradingTuesday } from '../orders/support.ts';
import { invariantProblems, orderCounts, queryOf } from '../helpers/books.ts';
import { cashAccount, person } from './fixtures.ts';
import { pool } from './answers.ts';
import { spawnServer, type ServerProcess } from './server-process.ts';

const url = process.env.FINOS_TEST_DATABASE_URL;
const SYMBOLS = ['AAPL', 'MSFT', 'KO'];

interface Acked {
  kind: 'user' | 'bank_account' | 'account' | 'webhook' | 'deposit' | 'withdrawal' | 'order' | 'cancel';
  id: string;
  path: string;
  /** For an order: the filled quantity it answered (it may only have grown since). */
  filled?: string;
}

describe.runIf(engines().includes('postgres'))('kill -9 under write load, on PostgreSQL', () => {
  const schema = `finos_crash_${randomBytes(6).toString('hex')}`;
  const env = { DATABASE_URL: url!, FINOS_DATABASE_SCHEMA: schema, FINOS_MASTER_KEY: randomBytes(32).toString('hex'), FINOS_RATE_LIMIT_PER_HOUR: '1000000' };
  let server: ServerProcess | null = null;

  afterAll(async () => {
    await server?.stop();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  it('keeps every acknowledged write, no half-written one, and sound books', async () => {
    server = await spawnServer(env);
    const key = server.secret!;
    expect(key, server.output()).toMatch(/^sk_/);
    const base = server.url;
    const must = async (method: string, path: string, body?: unknown) => {
      const r = await send(base + path, method, body === undefined ? {} : { body }, key);
      expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
      return r.body;
    };

    // Trading accounts, funded on a Monday; the clock then stands in Tuesday's session.
    const days = tradingTuesday();
    await must('POST', '/v1/sandbox/clock/advance', { to: ny(days.monday, '08:00').toISOString() });
    const traders: Array<{ account: string; bank: string }> = [];
    for (let n = 0; n < 8; n++) {
      const u = await must('POST', '/v1/users', person('6789'));
      const a = await must('POST', `/v1/users/${u.id}/accounts`, cashAccount);
      const b = await must('POST', `/v1/users/${u.id}/bank_accounts`, { bank_account_number: `77${n}0012345`, bank_routing_number: '121042882', bank_account_nickname: 'c' });
      await must('POST', '/v1/deposits', { account_id: a.id, bank_account_id: b.id, amount: '50000.00' });
      traders.push({ account: a.id, bank: b.id });
    }
    let clock = ny(days.tuesday, '10:00');
    await must('POST', '/v1/sandbox/clock/advance', { to: clock.toISOString() });

    const acked: Acked[] = [];
    let attempted = 0;
    let stop = false;
    let lastAdvance = clock;
    const call = async (method: string, path: string, body?: unknown) => {
      attempted++;
      const r = await send(base + path, method, body === undefined ? {} : { body }, key);
      return r.status >= 200 && r.status < 300 ? r.body : null;
    };
    const count = (kind: Acked['kind']) => acked.filter((a) => a.kind === kind).length;

    /** Identity writes, as before: a user, then its bank account, account and a webhook in parallel. */
    const identity = async (n: number, i: number) => {
      const u = await call('POST', '/v1/users', person(i % 5 === 0 ? '0003' : '6789'));
      if (!u) return;
      acked.push({ kind: 'user', id: u.id, path: `/v1/users/${u.id}` });
      const [b, a, w] = await Promise.all([
        call('POST', `/v1/users/${u.id}/bank_accounts`, { bank_account_number: `4${n}${i}000123`, bank_routing_number: '121042882', bank_account_nickname: 'c' }),
        u.status === 'approved' ? call('POST', `/v1/users/${u.id}/accounts`, cashAccount) : Promise.resolve(null),
        // Subscribed to one rare event type: dozens of endpoints on every event would turn each
        // clock advance (which drains due deliveries before answering) into thousands of attempts.
        call('POST', '/v1/webhooks', { name: `w${n}_${i}`, config: { url: 'http://127.0.0.1:9/x' }, events: ['kyctransition.rejected'] }),
      ]);
      if (b) acked.push({ kind: 'bank_account', id: b.id, path: `/v1/bank_accounts/${b.id}` });
      if (a) acked.push({ kind: 'account', id: a.id, path: `/v1/accounts/${a.id}` });
      if (w) acked.push({ kind: 'webhook', id: w.id, path: `/v1/webhooks/${w.id}` });
    };

    /** Money and orders on the worker's own trading account (and now and then a neighbour's). */
    const trading = async (n: number) => {
      const t = Math.random() < 0.8 ? traders[n]! : traders[Math.floor(Math.random() * traders.length)]!;
      const symbol = SYMBOLS[Math.floor(Math.random() * SYMBOLS.length)]!;
      const roll = Math.random();
      const order = async (body: Record<string, string>) => {
        const o = await call('POST', '/v1/orders', { account_id: t.account, symbol, ...body });
        if (o) acked.push({ kind: 'order', id: o.id, path: `/v1/orders/${o.id}`, filled: o.filled_quantity });
      };
      if (roll < 0.1) {
        const d = await call('POST', '/v1/deposits', { account_id: t.account, bank_account_id: t.bank, amount: '100.00' });
        if (d) acked.push({ kind: 'deposit', id: d.id, path: `/v1/deposits/${d.id}` });
      } else if (roll < 0.2) {
        const w = await call('POST', '/v1/withdrawals', { account_id: t.account, bank_account_id: t.bank, amount: '7.50' });
        if (w) acked.push({ kind: 'withdrawal', id: w.id, path: `/v1/withdrawals/${w.id}` });
      } else if (roll < 0.45) {
        await order({ quantity: (0.1 + Math.random()).toFixed(4), side: 'buy', type: 'market' });
      } else if (roll < 0.65) {
        // Limit buys a little under the market rest, and some fill as the clock steps on.
        const limit = quote(symbol, clock).ask.times('0.999').toDecimalPlaces(2).toFixed(2);
        await order({ quantity: '0.5', side: 'buy', type: 'limit', limit_price: limit, time_in_force: 'gtc' });
      } else if (roll < 0.8) {
        await order({ quantity: (0.05 + Math.random() * 0.3).toFixed(4), side: 'sell', type: 'market' });
      } else {
        const open = await call('GET', `/v1/orders?status=open&account_id=${t.account}&limit=20`);
        const pickOne = open?.data?.[Math.floor(Math.random() * (open?.data?.length ?? 0))];
        if (pickOne && (await call('DELETE', `/v1/orders/${pickOne.id}`))) acked.push({ kind: 'cancel', id: pickOne.id, path: `/v1/orders/${pickOne.id}` });
      }
    };

    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          if (i % 3 === 0) await identity(n, i);
          else await trading(n);
        } catch {
          // The connection died with the server: the outcome of that write is unknown, which is allowed.
        }
      }
    };
    /** The sandbox clock steps a minute at a time through the session: resting orders fill on the way. */
    const ticker = async () => {
      while (!stop) {
        try {
          const to = new Date(clock.getTime() + 60_000);
          if (await call('POST', '/v1/sandbox/clock/advance', { to: to.toISOString() })) lastAdvance = to;
          clock = to;
        } catch {
          // As above.
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const load = [...Array.from({ length: 8 }, (_, n) => worker(n)), ticker()];
    // Let the load build up, then pull the plug in the middle of it.
    const deadline = Date.now() + 60_000;
    while ((acked.length < 400 || count('order') < 80 || count('cancel') < 8 || count('deposit') < 5 || count('withdrawal') < 5) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    server.proc.kill('SIGKILL');
    await server.stop();
    stop = true;
    await Promise.all(load);
    const kinds = Object.fromEntries(['user', 'bank_account', 'account', 'webhook', 'deposit', 'withdrawal', 'order', 'cancel'].map((k) => [k, count(k as Acked['kind'])]));
    console.log(`[reliability] crash: ${attempted} writes attempted, ${acked.length} acknowledged before SIGKILL ${JSON.stringify(kinds)}`);
    expect(count('order'), 'the load placed orders').toBeGreaterThan(20);
    expect(count('cancel'), 'the load canceled orders').toBeGreaterThan(0);

    server = await spawnServer(env);
    const missing: string[] = [];
    const restarted = server.url;
    await pool(acked, 8, async (a) => {
      const r = await send(restarted + a.path, 'GET', {}, key);
      if (r.status !== 200 || r.body.id !== a.id) missing.push(`${a.kind} ${a.id}: ${r.status}`);
      else if (a.kind === 'cancel' && r.body.status !== 'canceled') missing.push(`cancel of ${a.id}: the order is ${r.body.status}`);
      else if (a.kind === 'order' && new Decimal(r.body.filled_quantity).lt(a.filled!)) missing.push(`order ${a.id}: answered ${a.filled} filled, now ${r.body.filled_quantity}`);
    });
    expect(missing).toEqual([]);
    // The clock is at least where the last acknowledged advance left it.
    const c0 = await send(`${server.url}/v1/sandbox/clock`, 'GET', {}, key);
    expect(new Date(c0.body.timestamp).getTime()).toBeGreaterThanOrEqual(lastAdvance.getTime());
    // Positions over the API are the open lots of each trading account.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`SET search_path TO "${schema}"`);
      for (const t of traders) {
        const p = await send(`${server.url}/v1/accounts/${t.account}/positions?limit=100`, 'GET', {}, key);
        expect(p.status, p.text).toBe(200);
        const { rows } = await c.query<{ symbol: string; q: string }>(
          'SELECT symbol, sum(quantity)::text AS q FROM tax_lots WHERE account_id = $1 GROUP BY symbol HAVING sum(quantity) > 0 ORDER BY symbol', [t.account]);
        expect(Object.fromEntries(p.body.data.map((x: { symbol: string; quantity: string }) => [x.symbol, new Decimal(x.quantity).toFixed()])))
          .toEqual(Object.fromEntries(rows.map((r) => [r.symbol, new Decimal(r.q).toFixed()])));
      }

      const half = await c.query<{ problem: string; id: string }>(`
        SELECT 'user with a complete identity but no KYC check' AS problem, u.id::text FROM users u
         WHERE u.ssn_encrypted IS NOT NULL AND u.address_line_1 IS NOT NULL AND u.address_postal_code IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM kyc_checks k WHERE k.tenant_id = u.tenant_id AND k.user_id = u.id)
        UNION ALL
        SELECT 'user whose kyc_token names no check', u.id::text FROM users u
         WHERE u.kyc_token IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kyc_checks k WHERE k.tenant_id = u.tenant_id AND k.token = u.kyc_token)
        UNION ALL
        SELECT 'user without its event', u.id::text FROM users u
         WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = u.tenant_id AND e.type LIKE 'usertransition.%' AND e.data->'object'->>'id' = u.id::text)
        UNION ALL
        SELECT 'account without its event', a.id::text FROM accounts a
         WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = a.tenant_id AND e.type LIKE 'accounttransition.%' AND e.data->'object'->>'id' = a.id::text)
        UNION ALL
        SELECT 'deposit without its event', d.id::text FROM deposits d
         WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = d.tenant_id AND e.type LIKE 'deposittransition.%' AND e.data->'object'->>'id' = d.id::text)
        UNION ALL
        SELECT 'withdrawal without its event', w.id::text FROM withdrawals w
         WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = w.tenant_id AND e.type LIKE 'withdrawaltransition.%' AND e.data->'object'->>'id' = w.id::text)
        UNION ALL
        SELECT 'transfer without its journal', x.id::text FROM (SELECT tenant_id, id FROM deposits UNION ALL SELECT tenant_id, id FROM withdrawals) x
         WHERE NOT EXISTS (SELECT 1 FROM ledger_journals j WHERE j.tenant_id = x.tenant_id AND j.ref_id = x.id)
        UNION ALL
        SELECT 'order without its reservation journal', o.id::text FROM orders o
         WHERE NOT EXISTS (SELECT 1 FROM ledger_journals j WHERE j.tenant_id = o.tenant_id AND j.ref_type = 'order' AND j.ref_id = o.id)
        UNION ALL
        SELECT 'idempotency key without its answer', key FROM idempotency_keys WHERE response_status IS NULL`);
      expect(half.rows).toEqual([]);
      const counts = await c.query<{ users: string; accounts: string }>('SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM accounts) AS accounts');
      expect(Number(counts.rows[0]!.users)).toBeGreaterThanOrEqual(acked.filter((a) => a.kind === 'user').length);
      // The books: double entry per asset, no negative settled cash or shares, positions = lots, fills add up.
      expect(await invariantProblems(queryOf(c))).toEqual([]);
      const oc = await orderCounts(queryOf(c));
      console.log(`[reliability] crash: after restart ${JSON.stringify(oc)}`);
      expect(oc.fills).toBeGreaterThan(0);
    } finally {
      await c.end();
    }

    // And the restarted server takes writes again, orders included.
    const again = await send(`${server.url}/v1/users`, 'POST', { body: person() }, key);
    expect(again.status, again.text).toBe(201);
    const buy = await send(`${server.url}/v1/orders`, 'POST', { body: { account_id: traders[0]!.account, symbol: 'KO', quantity: '0.1', side: 'buy', type: 'market' } }, key);
    expect(buy.status, buy.text).toBe(201);
  }, 120_000);
});
