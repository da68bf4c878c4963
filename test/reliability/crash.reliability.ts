// Crash safety on PostgreSQL: the real server process (`finos serve`) under a mixed write load is
// killed with SIGKILL, restarted, and then every write it acknowledged (2xx) must be there, and no
// write may be half there (a user without its KYC check or its event, an account without its event).
// Skips when FINOS_TEST_DATABASE_URL is unset or unreachable.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { engines, send } from '../helpers/app.ts';
import { cashAccount, person, spawnServer, type ServerProcess } from './support.ts';

const url = process.env.FINOS_TEST_DATABASE_URL;

interface Acked {
  kind: 'user' | 'bank_account' | 'account' | 'webhook';
  id: string;
  path: string;
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

  it('keeps every acknowledged write and no half-written one', async () => {
    server = await spawnServer(env);
    const key = server.secret!;
    expect(key, server.output()).toMatch(/^sk_/);
    const acked: Acked[] = [];
    let attempted = 0;
    let stop = false;
    const base = server.url;
    const call = async (method: string, path: string, body: unknown) => {
      attempted++;
      const r = await send(base + path, method, { body }, key);
      return r.status >= 200 && r.status < 300 ? r.body : null;
    };

    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const u = await call('POST', '/v1/users', person(i % 5 === 0 ? '0003' : '6789'));
          if (!u) continue;
          acked.push({ kind: 'user', id: u.id, path: `/v1/users/${u.id}` });
          const [b, a, w] = await Promise.all([
            call('POST', `/v1/users/${u.id}/bank_accounts`, { bank_account_number: `4${n}${i}000123`, bank_routing_number: '121042882', bank_account_nickname: 'c' }),
            u.status === 'approved' ? call('POST', `/v1/users/${u.id}/accounts`, cashAccount) : Promise.resolve(null),
            call('POST', '/v1/webhooks', { name: `w${n}_${i}`, config: { url: 'http://127.0.0.1:9/x' } }),
          ]);
          if (b) acked.push({ kind: 'bank_account', id: b.id, path: `/v1/bank_accounts/${b.id}` });
          if (a) acked.push({ kind: 'account', id: a.id, path: `/v1/accounts/${a.id}` });
          if (w) acked.push({ kind: 'webhook', id: w.id, path: `/v1/webhooks/${w.id}` });
        } catch {
          // The connection died with the server: the outcome of that write is unknown, which is allowed.
        }
      }
    };
    const load = Array.from({ length: 8 }, (_, n) => worker(n));
    // Let the load build up, then pull the plug in the middle of it.
    while (acked.length < 120) await new Promise((r) => setTimeout(r, 50));
    server.proc.kill('SIGKILL');
    await server.stop();
    stop = true;
    await Promise.all(load);
    console.log(`[reliability] crash: ${attempted} writes attempted, ${acked.length} acknowledged before SIGKILL`);

    server = await spawnServer(env);
    const missing: string[] = [];
    for (const a of acked) {
      const r = await send(server.url + a.path, 'GET', {}, key);
      if (r.status !== 200 || r.body.id !== a.id) missing.push(`${a.kind} ${a.id}: ${r.status}`);
    }
    expect(missing).toEqual([]);

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`SET search_path TO "${schema}"`);
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
        SELECT 'idempotency key without its answer', key FROM idempotency_keys WHERE response_status IS NULL`);
      expect(half.rows).toEqual([]);
      const counts = await c.query<{ users: string; accounts: string }>('SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM accounts) AS accounts');
      expect(Number(counts.rows[0]!.users)).toBeGreaterThanOrEqual(acked.filter((a) => a.kind === 'user').length);
    } finally {
      await c.end();
    }

    // And the restarted server takes writes again.
    const again = await send(`${server.url}/v1/users`, 'POST', { body: person() }, key);
    expect(again.status, again.text).toBe(201);
  }, 120_000);
});
