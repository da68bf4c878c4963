// The bench's processes and load: reference servers, Prism, a Finos server from any checkout on
// either engine, the customers a scenario needs, and autocannon (bench/run.ts, bench/ab.ts).
import autocannon from 'autocannon';
import pg from 'pg';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addBusinessDays, addCalendarDays, nextTradingDayOnOrAfter, nyDate, nyInstant } from '../server/domain/calendar.ts';
import { freePort } from '../test/helpers/prism.ts';
import { cashAccount, person as benchPerson } from './harness.ts';

export const root = resolve(import.meta.dirname, '..');
export const seconds = Number(process.env.BENCH_SECONDS ?? 8);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const tsx = join(root, 'node_modules/.bin/tsx');


export async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${url}`);
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export interface Load { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: () => string }

export async function load(base: string, l: Load, duration = seconds): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [{
      method: l.method,
      path: l.path,
      headers: { 'content-type': 'application/json', ...(l.headers ?? {}) },
      ...(l.body ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: l.body!() }) } : {}),
    }],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { rps: result.requests.average, p99: result.latency.p99, errors };
}

/** A reference server; `ready` is the path that answers once it listens. */
export async function startBare(script = 'bench/bare-server.ts', ready = '/'): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(tsx, [join(root, script)], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url + ready, child);
  return { url, child };
}

export async function startPrism(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(join(root, 'node_modules/.bin/prism'), ['mock', join(root, 'generated/openapi.json'), '--port', String(port), '--host', '127.0.0.1', '--errors', 'false'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child, 90_000);
  return { url, child };
}

let schemaSeq = 0;

export interface Finos { url: string; child: ChildProcess; secret: string; cleanup: () => Promise<void> }

/**
 * A Finos server on a fresh store, run from `checkout` (this tree by default; bench/ab.ts passes
 * another). `extraEnv` can set its PATH, and so which `node` runs tsx.
 */
export async function startFinos(engine: 'pglite' | 'postgres', databaseUrl?: string, checkout = root, extraEnv: NodeJS.ProcessEnv = {}): Promise<Finos> {
  const dir = mkdtempSync(join(tmpdir(), 'finos-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, ...extraEnv, FINOS_DATA_DIR: join(dir, 'data'), FINOS_RATE_LIMIT_PER_HOUR: '100000000',
    FINOS_VALIDATE_RESPONSES: 'false', LOG_LEVEL: 'warn', DATABASE_URL: '',
  };
  let dropSchema = async () => {};
  if (engine === 'postgres' && databaseUrl) {
    const schema = `finos_bench_${process.pid}_${(schemaSeq++).toString(36)}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await admin.end();
    const u = new URL(databaseUrl);
    u.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = u.toString();
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    };
  }
  const out = execFileSync(tsx, [join(checkout, 'server/cli.ts'), 'keys', 'create', '--name', 'bench', '--json'], { env, cwd: checkout }).toString();
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`keys create printed no JSON: ${out}`);
  const secret = JSON.parse(line).secret_key as string;
  const port = await freePort();
  const child = spawn(tsx, [join(checkout, 'server/cli.ts'), 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, cwd: checkout, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child);
  return { url, child, secret, cleanup: async () => { await stop(child); await dropSchema(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The harness's bench person, as a request body. */
export const person = (i: number) => JSON.stringify(benchPerson(i));

export async function postJson(f: Finos, path: string, body: string): Promise<Record<string, unknown>> {
  const r = await fetch(f.url + path, { method: 'POST', headers: { authorization: `Bearer ${f.secret}`, 'content-type': 'application/json' }, body });
  if (!r.ok) throw new Error(`${path} → ${r.status} ${await r.text()}`);
  return (await r.json()) as Record<string, unknown>;
}




/** What the scenarios need: a customer with a cash account, and traders with funded accounts in a session. */
export interface Seeded { auth: Record<string, string>; userId: string; accountId: string; traders: string[] }

export async function seed(f: Finos): Promise<Seeded> {
  const user = await postJson(f, '/v1/users', person(-1));
  const account = await postJson(f, `/v1/users/${user.id}/accounts`, JSON.stringify(cashAccount));
  // Orders: one funded account per connection (as many customers trade at once), the sandbox
  // clock frozen in a session, so each POST is a market buy that fills on placement.
  const day = nextTradingDayOnOrAfter(addCalendarDays(nyDate(new Date()), 7));
  await postJson(f, '/v1/sandbox/clock/advance', JSON.stringify({ to: nyInstant(day, '08:00').toISOString() }));
  const traders: string[] = [];
  for (let k = 0; k < connections; k++) {
    const u = await postJson(f, '/v1/users', person(100_000 + k));
    const a = await postJson(f, `/v1/users/${u.id}/accounts`, JSON.stringify(cashAccount));
    const b = await postJson(f, `/v1/users/${u.id}/bank_accounts`, JSON.stringify({ bank_account_number: '4327843043', bank_routing_number: '121042882', bank_account_nickname: 'checking' }));
    await postJson(f, '/v1/deposits', JSON.stringify({ account_id: a.id, bank_account_id: b.id, amount: '1000000.00' }));
    traders.push(a.id as string);
  }
  await postJson(f, '/v1/sandbox/clock/advance', JSON.stringify({ to: nyInstant(addBusinessDays(day, 1), '10:00').toISOString() }));
  return { auth: { authorization: `Bearer ${f.secret}` }, userId: user.id as string, accountId: account.id as string, traders };
}

/** The table's scenarios, in its order. The order list reads the first trader's orders (placed by the POST row). */
export function scenarios(s: Seeded): Array<{ name: string; l: Load }> {
  let i = 0;
  let n = 0;
  const auth = s.auth;
  return [
    { name: 'GET /v1/stocks/{symbol}', l: { method: 'GET', path: '/v1/stocks/AAPL', headers: auth } },
    { name: 'GET /v1/accounts/{id}', l: { method: 'GET', path: `/v1/accounts/${s.accountId}`, headers: auth } },
    { name: 'GET /v1/users/{id}', l: { method: 'GET', path: `/v1/users/${s.userId}`, headers: auth } },
    { name: 'POST /v1/users', l: { method: 'POST', path: '/v1/users', headers: auth, body: () => person(i++) } },
    {
      name: 'POST /v1/orders',
      l: { method: 'POST', path: '/v1/orders', headers: auth, body: () => JSON.stringify({ account_id: s.traders[n++ % s.traders.length], symbol: 'AAPL', side: 'buy', type: 'market', quantity: '0.01' }) },
    },
    { name: 'GET /v1/orders?account_id=', l: { method: 'GET', path: `/v1/orders?account_id=${s.traders[0]}&limit=10`, headers: auth } },
  ];
}
