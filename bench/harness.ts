// An in-process Finos for the domain benchmarks (bench/engine.ts, bench/managed.ts): the real
// server on a fresh embedded store or a fresh PostgreSQL schema, a tenant, and JSON over HTTP.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../server/config.ts';
import type { Db } from '../server/db/db.ts';
import { startServer, type RunningServer } from '../server/main.ts';
import type { Wiring } from '../server/wiring.ts';
import { createSecrets } from '../server/security/secrets.ts';
import { createTenant } from '../server/services/tenants.ts';

export type Engine = 'pglite' | 'postgres';

/** One row of the bench's throughput table. */
export interface Row {
  scenario: string; engine: string; rps: number; p99_ms: number; ratio: number | null; errors: number; vs_prism?: number | null;
  /** The references measured around this row, the mean of just before and just after (bench/run.ts). */
  bare_rps?: number | null; prism_rps?: number | null; ceiling_rps?: number | null; vs_ceiling?: number | null;
}

/** The PostgreSQL the bench uses: BENCH_DATABASE_URL, else the tests' FINOS_TEST_DATABASE_URL, else this machine's. */
export const benchPgUrl = (): string => process.env.BENCH_DATABASE_URL ?? process.env.FINOS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchTenant {
  tenantId: string;
  req(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Moves the tenant's sandbox clock (processing what falls due). */
  advance(to: Date): Promise<void>;
}

export interface BenchApp {
  engine: Engine;
  db: Db;
  wiring: Wiring;
  tenant(name: string): Promise<BenchTenant>;
  close(): Promise<void>;
}

export async function pgReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try { await c.connect(); await c.end(); return true; } catch { return false; }
}

export async function startBenchApp(engine: Engine, pgUrl: string): Promise<BenchApp> {
  const schema = `finos_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', FINOS_DATA_DIR: 'memory://', FINOS_MASTER_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error', FINOS_RATE_LIMIT_PER_HOUR: '100000000', FINOS_VALIDATE_RESPONSES: 'false',
    ...(engine === 'postgres' ? { DATABASE_URL: pgUrl, FINOS_DATABASE_SCHEMA: schema } : {}),
  });
  const running: RunningServer = await startServer(config, { log: pino({ level: 'error' }) });
  const secrets = createSecrets(config.masterKey);
  return {
    engine,
    db: running.db,
    wiring: running.wiring,
    async tenant(name) {
      const t = await createTenant(running.db, secrets, { name, env: config.env });
      const req = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(running.url + path, {
          method,
          headers: { authorization: `Bearer ${t.secret_key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await r.text();
        return { status: r.status, body: text ? JSON.parse(text) : null };
      };
      return {
        tenantId: t.tenant_id,
        req,
        async advance(to) {
          const r = await req('POST', '/v1/sandbox/clock/advance', { to: to.toISOString() });
          if (r.status !== 200) throw new Error(`advance → ${r.status} ${JSON.stringify(r.body)}`);
        },
      };
    },
    async close() {
      await running.close();
      if (engine === 'postgres') {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  };
}

/** Fails loudly: a benchmark on a broken setup measures nothing. */
export async function must(r: Promise<{ status: number; body: any }>, status: number, what: string): Promise<any> {
  const x = await r;
  if (x.status !== status) throw new Error(`${what} → ${x.status} ${JSON.stringify(x.body)}`);
  return x.body;
}

export const person = (i: number) => ({
  first_name: 'Bench', last_name: `User${i}`, email_address: `bench${i}@example.com`, birth_date: '1985-01-23',
  ssn_number: '123456789', address_line_1: '123 Test St', address_city: 'Richmond', address_state: 'VA',
  address_postal_code: '23220', address_country_code: 'US', phone_number: '18042562188',
});

export const cashAccount = {
  ownership: 'individual', account_type: 'cash', martial_status: 'single', country_of_citizenship: 'USA',
  employment_status: 'employed / self-employed', employment_position: 'Engineer', employer_name: 'Finos Inc',
};

/** An approved customer with an active account and a linked bank account. */
export async function benchCustomer(t: BenchTenant, i: number, account: Record<string, unknown> = cashAccount) {
  const user = await must(t.req('POST', '/v1/users', person(i)), 201, 'create user');
  const acct = await must(t.req('POST', `/v1/users/${user.id}/accounts`, account), 201, 'open account');
  const bank = await must(t.req('POST', `/v1/users/${user.id}/bank_accounts`,
    { bank_account_number: '4327843043', bank_routing_number: '121042882', bank_account_nickname: 'checking' }), 201, 'link bank');
  return { user, account: acct, bank };
}

/** Milliseconds of `fn`, best of `runs` (the first run warms caches and the JIT). */
export async function timeMs(fn: () => Promise<unknown>, runs = 3): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}
