// `npm run bench`: throughput and p99 latency of Finos endpoints, each next to a bare node:http
// server measured in the same run, on the embedded store and (when reachable) on PostgreSQL.
// Knobs: BENCH_SECONDS (per scenario, default 8), BENCH_CONNECTIONS (16), BENCH_DATABASE_URL
// (default FINOS_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test if it answers).
import autocannon from 'autocannon';
import pg from 'pg';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { addBusinessDays, addCalendarDays, nextTradingDayOnOrAfter, nyDate, nyInstant } from '../server/domain/calendar.ts';
import { benchEngineMinute, type EngineRow } from './engine.ts';
import { benchPgUrl, cashAccount, person as benchPerson, pgReachable, type Row } from './harness.ts';
import { benchWebhooks } from './webhooks.ts';
import { benchManaged, type ManagedRow } from './managed.ts';

const root = resolve(import.meta.dirname, '..');
const BEGIN = '<!-- npm run bench: begin -->';
const END = '<!-- npm run bench: end -->';
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const tsx = join(root, 'node_modules/.bin/tsx');


async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
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

function stop(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

interface Load { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: () => string }

async function load(base: string, l: Load): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
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
async function startBare(script = 'bench/bare-server.ts', ready = '/'): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(tsx, [join(root, script)], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url + ready, child);
  return { url, child };
}

async function startPrism(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(join(root, 'node_modules/.bin/prism'), ['mock', join(root, 'generated/openapi.json'), '--port', String(port), '--host', '127.0.0.1', '--errors', 'false'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child, 90_000);
  return { url, child };
}

interface Finos { url: string; child: ChildProcess; secret: string; cleanup: () => Promise<void> }

async function startFinos(engine: 'pglite' | 'postgres', databaseUrl?: string): Promise<Finos> {
  const dir = mkdtempSync(join(tmpdir(), 'finos-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, FINOS_DATA_DIR: join(dir, 'data'), FINOS_RATE_LIMIT_PER_HOUR: '100000000',
    FINOS_VALIDATE_RESPONSES: 'false', LOG_LEVEL: 'warn', DATABASE_URL: '',
  };
  let dropSchema = async () => {};
  if (engine === 'postgres' && databaseUrl) {
    const schema = `finos_bench_${process.pid}`;
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
  const out = execFileSync(tsx, [join(root, 'server/cli.ts'), 'keys', 'create', '--name', 'bench', '--json'], { env, cwd: root }).toString();
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`keys create printed no JSON: ${out}`);
  const secret = JSON.parse(line).secret_key as string;
  const port = await freePort();
  const child = spawn(tsx, [join(root, 'server/cli.ts'), 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child);
  return { url, child, secret, cleanup: async () => { await stop(child); await dropSchema(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The harness's bench person, as a request body. */
const person = (i: number) => JSON.stringify(benchPerson(i));

async function postJson(f: Finos, path: string, body: string): Promise<Record<string, unknown>> {
  const r = await fetch(f.url + path, { method: 'POST', headers: { authorization: `Bearer ${f.secret}`, 'content-type': 'application/json' }, body });
  if (!r.ok) throw new Error(`${path} → ${r.status} ${await r.text()}`);
  return (await r.json()) as Record<string, unknown>;
}



async function main(): Promise<void> {
  const rows: Row[] = [];
  const bare = await startBare();
  const bareGet = await load(bare.url, { method: 'GET', path: '/' });
  const barePost = await load(bare.url, { method: 'POST', path: '/', body: () => person(0) });
  rows.push({ scenario: 'bare node:http GET', engine: '-', rps: bareGet.rps, p99_ms: bareGet.p99, ratio: 1, errors: bareGet.errors });
  rows.push({ scenario: 'bare node:http POST', engine: '-', rps: barePost.rps, p99_ms: barePost.p99, ratio: 1, errors: barePost.errors });
  await stop(bare.child);
  // The framework's own ceiling: Express 5, one route, no middleware, the same body.
  const ex = await startBare('bench/express-server.ts', '/v1/users/x');
  const exGet = await load(ex.url, { method: 'GET', path: '/v1/users/0192f0c4-7a2b-7c3e-9d4f-1a2b3c4d5e6f' });
  rows.push({ scenario: 'Express 5 alone (one route, no middleware) GET', engine: '-', rps: exGet.rps, p99_ms: exGet.p99, ratio: exGet.rps / bareGet.rps, errors: exGet.errors });
  await stop(ex.child);

  const pgUrl = benchPgUrl();
  const engines: Array<'pglite' | 'postgres'> = ['pglite'];
  if (await pgReachable(pgUrl)) engines.push('postgres');
  else console.error(`PostgreSQL not reachable at ${pgUrl}: PostgreSQL rows skipped`);

  // Prism's mock serving the same GET operations: the reference every GET must beat by 2x.
  const prism = await startPrism();
  const mockIds = { user: 'f6e54303-10ce-42b5-a4b0-b28c19cf5025', account: '2d931510-d99f-494a-8c67-87feb05e1594' };
  const prismAuth = { authorization: 'Bearer sk_test_bench' };
  const prismRps: Record<string, number> = {};
  for (const [name, path] of [['GET /v1/stocks/{symbol}', '/v1/stocks/AAPL'], ['GET /v1/accounts/{id}', `/v1/accounts/${mockIds.account}`], ['GET /v1/users/{id}', `/v1/users/${mockIds.user}`],
    ['GET /v1/orders?account_id=', `/v1/orders?account_id=${mockIds.account}&limit=10`]] as const) {
    const r = await load(prism.url, { method: 'GET', path, headers: prismAuth });
    prismRps[name] = r.rps;
    rows.push({ scenario: `${name} (Prism mock)`, engine: '-', rps: r.rps, p99_ms: r.p99, ratio: r.rps / bareGet.rps, errors: r.errors });
  }
  await stop(prism.child);

  for (const engine of engines) {
    const f = await startFinos(engine, pgUrl);
    try {
      const auth = { authorization: `Bearer ${f.secret}` };
      const user = await postJson(f, '/v1/users', person(-1));
      const account = await postJson(f, `/v1/users/${user.id}/accounts`, JSON.stringify({
        ownership: 'individual', account_type: 'cash', martial_status: 'single', country_of_citizenship: 'USA',
        employment_status: 'employed / self-employed', employment_position: 'Engineer', employer_name: 'Finos Inc',
      }));
      let i = 0;
      const scenarios: Array<{ name: string; l: Load; ref: number }> = [
        { name: 'GET /v1/stocks/{symbol}', l: { method: 'GET', path: '/v1/stocks/AAPL', headers: auth }, ref: bareGet.rps },
        { name: 'GET /v1/accounts/{id}', l: { method: 'GET', path: `/v1/accounts/${account.id}`, headers: auth }, ref: bareGet.rps },
        { name: 'GET /v1/users/{id}', l: { method: 'GET', path: `/v1/users/${user.id}`, headers: auth }, ref: bareGet.rps },
        { name: 'POST /v1/users', l: { method: 'POST', path: '/v1/users', headers: auth, body: () => person(i++) }, ref: barePost.rps },
      ];
      for (const s of scenarios) {
        const r = await load(f.url, s.l);
        const p = prismRps[s.name];
        rows.push({ scenario: s.name, engine, rps: r.rps, p99_ms: r.p99, ratio: r.rps / s.ref, errors: r.errors, vs_prism: p ? r.rps / p : null });
      }
      // Orders: 16 funded accounts (one per connection, as many customers trade at once), the
      // sandbox clock frozen in a session. Each POST is a market buy that fills on placement.
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
      let n = 0;
      const orderBody = () => JSON.stringify({ account_id: traders[n++ % traders.length], symbol: 'AAPL', side: 'buy', type: 'market', quantity: '0.01' });
      const post = await load(f.url, { method: 'POST', path: '/v1/orders', headers: auth, body: orderBody });
      rows.push({ scenario: 'POST /v1/orders', engine, rps: post.rps, p99_ms: post.p99, ratio: post.rps / barePost.rps, errors: post.errors, vs_prism: null });
      const list = await load(f.url, { method: 'GET', path: `/v1/orders?account_id=${traders[0]}&limit=10`, headers: auth });
      const listPrism = prismRps['GET /v1/orders?account_id='];
      rows.push({ scenario: 'GET /v1/orders?account_id=', engine, rps: list.rps, p99_ms: list.p99, ratio: list.rps / bareGet.rps, errors: list.errors, vs_prism: listPrism ? list.rps / listPrism : null });
    } finally {
      await f.cleanup();
    }
  }

  rows.push(...(await benchWebhooks()));

  // Domain timings, in process: one live engine minute over resting orders, per engine.
  const engineRows: EngineRow[] = [];
  for (const engine of engines) engineRows.push(await benchEngineMinute(engine, pgUrl));
  // Managed investing at scale, on PostgreSQL only (BENCH_MANAGED=0 skips it: it takes minutes).
  const managedRows: ManagedRow[] = engines.includes('postgres') && process.env.BENCH_MANAGED !== '0' ? await benchManaged(pgUrl) : [];

  const fmt = (n: number, d = 1) => n.toFixed(d);
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  const lines = [
    `Machine: ${machine}. Load: autocannon, ${connections} connections, ${seconds} s per row, server and load generator on the same machine.`,
    '',
    '| scenario | engine | throughput (req/s) | p99 (ms) | ratio to bare node:http | ratio to Prism mock | errors |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.scenario} | ${r.engine} | ${fmt(r.rps)} | ${fmt(r.p99_ms)} | ${r.ratio === null ? '-' : fmt(r.ratio, 3)} | ${r.vs_prism == null ? '-' : fmt(r.vs_prism, 2)} | ${r.errors} |`),
  ];
  lines.push('', 'Domain timings (in process, wall clock of one transaction):', '',
    '| what | engine | time (ms) |', '|---|---|---:|',
    ...engineRows.flatMap((e) => [
      `| one engine minute over ${e.resting.toLocaleString('en-US')} resting orders, none acting | ${e.engine} | ${fmt(e.idle_ms)} |`,
      `| one engine minute over ${e.resting.toLocaleString('en-US')} resting orders, ${e.fills} of them filling | ${e.engine} | ${fmt(e.first_ms)} |`,
    ]),
    ...managedRows.map((m) => `| ${m.what} (${m.detail}) | postgres | ${fmt(m.ms)} |`));
  console.log('\n' + lines.join('\n'));
  // The measured tables replace what lies between the markers; the analysis around them stays.
  const generated = [BEGIN, `Produced by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}. Every ratio compares rows measured in the same run.`,
    'The webhook rows are events delivered per second to a local receiver (throughput column).', '', ...lines, END].join('\n');
  const path = join(root, 'docs/benchmarks.md');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = old.indexOf(BEGIN);
  const end = old.indexOf(END);
  const doc = at >= 0 && end > at ? old.slice(0, at) + generated + old.slice(end + END.length) : `# Benchmarks\n\n${generated}\n`;
  writeFileSync(path, doc);
  console.log('\nwrote docs/benchmarks.md');
}

await main();
