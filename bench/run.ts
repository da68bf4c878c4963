// `npm run bench`: throughput and p99 latency of Finos endpoints, each next to a bare node:http
// server measured in the same run, on the embedded store and (when reachable) on PostgreSQL.
// Knobs: BENCH_SECONDS (per scenario, default 8), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (16), BENCH_DATABASE_URL
// (default FINOS_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test if it answers).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchEngineMinute, type EngineRow } from './engine.ts';
import { benchPgUrl, pgReachable, type Row } from './harness.ts';
import { benchManaged, type ManagedRow } from './managed.ts';
import { connections, load, person, root, scenarios, seconds, seed, startBare, startFinos, startPrism, stop, type Load } from './servers.ts';
import { benchWebhooks } from './webhooks.ts';

const BEGIN = '<!-- npm run bench: begin -->';
const END = '<!-- npm run bench: end -->';
/** Length of each reference measurement taken before and after each Finos row. */
const refSeconds = Number(process.env.BENCH_REF_SECONDS ?? 4);
/**
 * Load on each scenario, not recorded, before a server's rows are measured, so that no row pays for
 * compiling the request path every row shares.
 */
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

const USER_PATH = '/v1/users/0192f0c4-7a2b-7c3e-9d4f-1a2b3c4d5e6f';
/** The ceiling server's one validated route of each method. */
const ceilingLoad = (method: 'GET' | 'POST'): Load => method === 'GET'
  ? { method: 'GET', path: USER_PATH }
  : { method: 'POST', path: '/v1/users', headers: { 'content-type': 'application/json' }, body: () => person(0) };

/** Prism's mock serving the same GET operations: the reference every GET must beat by 2x. */
const MOCK_IDS = { user: 'f6e54303-10ce-42b5-a4b0-b28c19cf5025', account: '2d931510-d99f-494a-8c67-87feb05e1594' };
const PRISM_AUTH = { authorization: 'Bearer sk_test_bench' };
const PRISM_PATHS: Record<string, string> = {
  'GET /v1/stocks/{symbol}': '/v1/stocks/AAPL',
  'GET /v1/accounts/{id}': `/v1/accounts/${MOCK_IDS.account}`,
  'GET /v1/users/{id}': `/v1/users/${MOCK_IDS.user}`,
  'GET /v1/orders?account_id=': `/v1/orders?account_id=${MOCK_IDS.account}&limit=10`,
};

type Server = Awaited<ReturnType<typeof startBare>>;

/**
 * The rows every Finos row is read against: bare node:http, Express 5 alone (the framework's own
 * ceiling: one route, no middleware, the same body), and the stack's ceiling (Express 5 +
 * express-openapi-validator, one validated route per method). The bare and ceiling servers stay up.
 */
async function referenceRows(rows: Row[]): Promise<{ bare: Server; ceiling: Server; bareGet: { rps: number } }> {
  const bare = await startBare();
  const bareGet = await load(bare.url, { method: 'GET', path: '/' });
  const barePost = await load(bare.url, { method: 'POST', path: '/', body: () => person(0) });
  rows.push({ scenario: 'bare node:http GET', engine: '-', rps: bareGet.rps, p99_ms: bareGet.p99, ratio: 1, errors: bareGet.errors });
  rows.push({ scenario: 'bare node:http POST', engine: '-', rps: barePost.rps, p99_ms: barePost.p99, ratio: 1, errors: barePost.errors });
  const ex = await startBare('bench/express-server.ts', '/v1/users/x');
  const exGet = await load(ex.url, { method: 'GET', path: USER_PATH });
  rows.push({ scenario: 'Express 5 alone (one route, no middleware) GET', engine: '-', rps: exGet.rps, p99_ms: exGet.p99, ratio: exGet.rps / bareGet.rps, errors: exGet.errors });
  await stop(ex.child);
  const ceiling = await startBare('bench/ceiling-server.ts', USER_PATH);
  for (const method of ['GET', 'POST'] as const) {
    const r = await load(ceiling.url, ceilingLoad(method));
    rows.push({ scenario: `ceiling: Express 5 + express-openapi-validator, one route ${method}`, engine: '-', rps: r.rps, p99_ms: r.p99, ratio: r.rps / (method === 'GET' ? bareGet : barePost).rps, errors: r.errors });
  }
  return { bare, ceiling, bareGet };
}

/** The tables of the report: HTTP rows with their references, then the in-process domain timings. */
function reportLines(rows: Row[], engines: string[], engineRows: EngineRow[], managedRows: ManagedRow[]): string[] {
  const fmt = (n: number, d = 1) => n.toFixed(d);
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  const lines = [
    `Machine: ${machine}. Load: autocannon, ${connections} connections, ${seconds} s per row, server and load generator on the same machine${engines.includes('postgres') ? ', as is PostgreSQL (loopback TCP)' : ''}.`,
    '',
    'Each Finos row is compared with bare node:http (same method), with the ceiling (Express 5 + express-openapi-validator, one validated route of the same method) and, for a GET, with the Prism mock serving the same operation, each measured just before and just after it (the mean of the two).',
    '',
    '| scenario | engine | throughput (req/s) | p99 (ms) | bare node:http around it (req/s) | ratio to bare | ceiling around it (req/s) | ratio to ceiling | Prism mock around it (req/s) | ratio to Prism | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.scenario} | ${r.engine} | ${fmt(r.rps)} | ${fmt(r.p99_ms)} | ${r.bare_rps == null ? '-' : fmt(r.bare_rps)} | ${r.ratio === null ? '-' : fmt(r.ratio, 3)} | ${r.ceiling_rps == null ? '-' : fmt(r.ceiling_rps)} | ${r.vs_ceiling == null ? '-' : fmt(r.vs_ceiling, 3)} | ${r.prism_rps == null ? '-' : fmt(r.prism_rps)} | ${r.vs_prism == null ? '-' : fmt(r.vs_prism, 2)} | ${r.errors} |`),
  ];
  lines.push('', 'Domain timings (in process, wall clock of one transaction):', '',
    '| what | engine | time (ms) |', '|---|---|---:|',
    ...engineRows.flatMap((e) => [
      `| one engine minute over ${e.resting.toLocaleString('en-US')} resting orders, none acting | ${e.engine} | ${fmt(e.idle_ms)} |`,
      `| one engine minute over ${e.resting.toLocaleString('en-US')} resting orders, ${e.fills} of them filling | ${e.engine} | ${fmt(e.first_ms)} |`,
    ]),
    ...managedRows.map((m) => `| ${m.what} (${m.detail}) | postgres | ${fmt(m.ms)} |`));
  return lines;
}

/** The measured tables replace what lies between the markers of docs/benchmarks.md; the analysis around them stays. */
function writeReport(lines: string[]): void {
  const generated = [BEGIN, `Produced by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}.`,
    'The webhook rows are events delivered per second to a local receiver (throughput column).', '', ...lines, END].join('\n');
  const path = join(root, 'docs/benchmarks.md');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = old.indexOf(BEGIN);
  const end = old.indexOf(END);
  const doc = at >= 0 && end > at ? old.slice(0, at) + generated + old.slice(end + END.length) : `# Benchmarks\n\n${generated}\n`;
  writeFileSync(path, doc);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const { bare, ceiling, bareGet } = await referenceRows(rows);

  const pgUrl = benchPgUrl();
  const engines: Array<'pglite' | 'postgres'> = ['pglite'];
  if (await pgReachable(pgUrl)) engines.push('postgres');
  else console.error(`PostgreSQL not reachable at ${pgUrl}: PostgreSQL rows skipped`);

  const prism = await startPrism();
  for (const [name, path] of Object.entries(PRISM_PATHS)) {
    const r = await load(prism.url, { method: 'GET', path, headers: PRISM_AUTH });
    rows.push({ scenario: `${name} (Prism mock)`, engine: '-', rps: r.rps, p99_ms: r.p99, ratio: r.rps / bareGet.rps, errors: r.errors });
  }

  /**
   * A Finos row with its references measured around it (refSeconds each, just before the row and
   * again just after it, the two averaged): bare node:http with the same method, the ceiling, and
   * for a GET the Prism mock serving the same operation. This machine's speed drifts by a fifth or
   * more over a run, so a ratio only means something between neighbours; measured on both sides,
   * a reference drifts with the row instead of ahead of it.
   */
  const measure = async (name: string, engine: string, base: string, l: Load): Promise<void> => {
    const prismPath = PRISM_PATHS[name];
    const references = async () => ({
      bare: (await load(bare.url, l.method === 'GET' ? { method: 'GET', path: '/' } : { method: 'POST', path: '/', body: () => person(0) }, refSeconds)).rps,
      prism: prismPath ? (await load(prism.url, { method: 'GET', path: prismPath, headers: PRISM_AUTH }, refSeconds)).rps : null,
      ceiling: (await load(ceiling.url, ceilingLoad(l.method), refSeconds)).rps,
    });
    const before = await references();
    const r = await load(base, l);
    const after = await references();
    const bareRps = (before.bare + after.bare) / 2;
    const ceilingRps = (before.ceiling + after.ceiling) / 2;
    const prismRps = before.prism === null || after.prism === null ? null : (before.prism + after.prism) / 2;
    rows.push({
      scenario: name, engine, rps: r.rps, p99_ms: r.p99, ratio: r.rps / bareRps, errors: r.errors,
      vs_prism: prismRps === null ? null : r.rps / prismRps, bare_rps: bareRps, prism_rps: prismRps,
      ceiling_rps: ceilingRps, vs_ceiling: r.rps / ceilingRps,
    });
  };

  for (const engine of engines) {
    const f = await startFinos(engine, pgUrl);
    try {
      const list = scenarios(await seed(f));
      for (const s of list) await load(f.url, s.l, warmupSeconds);
      for (const s of list) await measure(s.name, engine, f.url, s.l);
    } finally {
      await f.cleanup();
    }
  }

  await stop(prism.child);
  await stop(ceiling.child);
  await stop(bare.child);

  rows.push(...(await benchWebhooks()));

  // Domain timings, in process: one live engine minute over resting orders, per engine.
  const engineRows: EngineRow[] = [];
  for (const engine of engines) engineRows.push(await benchEngineMinute(engine, pgUrl));
  // Managed investing at scale, on PostgreSQL only (BENCH_MANAGED=0 skips it: it takes minutes).
  const managedRows: ManagedRow[] = engines.includes('postgres') && process.env.BENCH_MANAGED !== '0' ? await benchManaged(pgUrl) : [];

  const lines = reportLines(rows, engines, engineRows, managedRows);
  console.log('\n' + lines.join('\n'));
  writeReport(lines);
  console.log('\nwrote docs/benchmarks.md');
}

await main();
