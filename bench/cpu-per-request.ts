// `npx tsx bench/cpu-per-request.ts [git-ref | ref..ref | --validation] [rounds]`: the server's CPU time per
// request, in µs, for the bench's scenarios. CPU time (user + system, read from /proc before and
// after a fixed number of requests) barely moves when other processes crowd the machine, unlike
// req/s, so this compares changes on a busy box. With a git ref, an earlier commit runs beside
// this tree; with --validation, this tree runs with response validation off and on (the sandbox
// default). Each round loads each scenario on every side, alternating which goes first; the table
// gives each side's median. The server process is Node itself (no tsx wrapper), so its /proc
// counters are the server's alone. The CPU a server burns while idle (its scheduler; sampled 5 s
// before and 5 s after the rounds) is subtracted per load in proportion to its wall time; the raw
// figure is shown beside it.
// Env: CPU_REQUESTS (per load, default 3000), CPU_CONNECTIONS (default 4), CPU_ENGINE (pglite |
// postgres, default pglite), CPU_SCENARIOS (comma-separated substrings of scenario names),
// CPU_REF_NODE_MODULES (the node_modules the earlier commit runs on, default this tree's: to
// measure a change to a patched dependency, point it at a copy that lacks the change),
// CPU_REF_NODE (the node binary the earlier commit runs on, default the pinned one: with the ref
// HEAD, this compares two runtimes on the same code), CPU_CONCURRENT=1 (load the sides at the same time, so a machine others are using slows both
// alike; each round's change is then the figure to read).
// On PostgreSQL with the sides loaded in turn, a second table gives PostgreSQL's own CPU per
// request (the local server's connection backends, and apart its background processes: WAL
// writer, checkpointer, autovacuum) beside the server's, and the most requests per second the machine's cores could serve if the
// two were all that ran: where the floor of a write lies on a small machine.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/helpers/prism.ts';
import { benchPgUrl } from './harness.ts';
import { root, scenarios, seed, stop, waitFor, type Finos, type Load } from './servers.ts';

const arg = process.argv[2];
const rounds = Number(process.argv[3] ?? 3);
const requests = Number(process.env.CPU_REQUESTS ?? 3000);
const connections = Number(process.env.CPU_CONNECTIONS ?? 4);
const engine = (process.env.CPU_ENGINE ?? 'pglite') as 'pglite' | 'postgres';
const wanted = process.env.CPU_SCENARIOS?.split(',');
const concurrent = process.env.CPU_CONCURRENT === '1';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const TICK_US = 1_000_000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** utime + stime of a process, in µs. */
function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

/**
 * utime + stime of the local PostgreSQL server's processes, in µs (they run under the postgres
 * binary's name): the backends serving connections over TCP, and the rest (WAL writer,
 * checkpointer, autovacuum: work the writes cause, done in bursts).
 */
interface PostgresCpu { backends: number; background: number }

function postgresCpuUs(): PostgresCpu {
  const sum = { backends: 0, background: 0 };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres') && !/\/bin\/postgres\0/.test(cmd)) continue;
      if (/\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]/.test(cmd)) sum.backends += cpuUs(Number(entry));
      else sum.background += cpuUs(Number(entry));
    } catch { /* the process ended meanwhile */ }
  }
  return sum;
}
const countPostgres = engine === 'postgres' && !concurrent;

interface Side { label: string; checkout: string; env: Record<string, string>; node?: string }

let schemaSeq = 0;

async function start(side: Side): Promise<Finos & { pid: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'finos-cpu-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, FINOS_DATA_DIR: join(dir, 'data'), FINOS_RATE_LIMIT_PER_HOUR: '100000000',
    FINOS_VALIDATE_RESPONSES: 'false', LOG_LEVEL: 'warn', DATABASE_URL: '', ...side.env,
  };
  let dropSchema = async () => {};
  if (engine === 'postgres') {
    const url = benchPgUrl();
    const schema = `finos_cpu_${process.pid}_${(schemaSeq++).toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await admin.end();
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = u.toString();
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    };
  }
  const node = side.node ?? join(root, 'node_modules/.bin/node');
  const cli = join(side.checkout, 'server/cli.ts');
  const out = execFileSync(node, ['--import', 'tsx', cli, 'keys', 'create', '--name', 'cpu', '--json'], { env, cwd: side.checkout }).toString();
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`keys create printed no JSON: ${out}`);
  const secret = JSON.parse(line).secret_key as string;
  const port = await freePort();
  const child = spawn(node, ['--import', 'tsx', cli, 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, cwd: side.checkout, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, child);
  return {
    url, child, secret, pid: child.pid!,
    cleanup: async () => { await stop(child); await dropSchema(); rmSync(dir, { recursive: true, force: true }); },
  };
}

interface Sample { cpuUs: number; wallSec: number; requests: number; postgres: PostgresCpu }

/** The server's CPU µs per second when no request comes in (its scheduler polls the store). */
async function idleRate(f: Finos & { pid: number }, ms = 4000): Promise<number> {
  const before = cpuUs(f.pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return (cpuUs(f.pid) - before) / ((performance.now() - t0) / 1000);
}

/**
 * `amount` requests; the server's CPU µs per request, less what it spends idle over as long (on a
 * crowded machine the same load can take twice the wall time, and background work with it).
 */
async function measure(f: Finos & { pid: number }, l: Load, amount: number): Promise<Sample> {
  const t0 = performance.now();
  const before = cpuUs(f.pid);
  const pgBefore = countPostgres ? postgresCpuUs() : null;
  const result = await autocannon({
    url: f.url,
    connections,
    amount,
    requests: [{
      method: l.method,
      path: l.path,
      headers: { 'content-type': 'application/json', ...(l.headers ?? {}) },
      ...(l.body ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: l.body!() }) } : {}),
    }],
  });
  const used = cpuUs(f.pid) - before;
  const pgAfter = pgBefore && postgresCpuUs();
  const postgres = pgBefore && pgAfter
    ? { backends: pgAfter.backends - pgBefore.backends, background: pgAfter.background - pgBefore.background }
    : { backends: 0, background: 0 };
  const bad = result.errors + result.timeouts + result.non2xx;
  if (bad > 0) throw new Error(`${l.method} ${l.path}: ${bad} failed requests`);
  return { cpuUs: used, wallSec: (performance.now() - t0) / 1000, requests: result.requests.total, postgres };
}

const sides: Side[] = [{ label: 'this tree', checkout: root, env: {} }];
let cleanupTree = () => {};
if (arg === '--validation') {
  sides.push({ label: 'this tree, responses validated', checkout: root, env: { FINOS_VALIDATE_RESPONSES: 'true' } });
} else if (arg) {
  // `<ref>`: that commit against this tree; `<ref>..<ref>`: two commits (one change at a time).
  const refs = arg.split('..');
  const dir = mkdtempSync(join(tmpdir(), 'finos-cpu-ab-'));
  const made: string[] = [];
  const sideOf = (ref: string, k: number): Side => {
    const checkout = join(dir, `tree${k}`);
    execFileSync('git', ['worktree', 'add', '--detach', checkout, ref], { cwd: root, stdio: 'ignore' });
    made.push(checkout);
    const modules = k === 0 ? process.env.CPU_REF_NODE_MODULES : undefined;
    symlinkSync(modules ?? join(root, 'node_modules'), join(checkout, 'node_modules'));
    const label = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root }).toString().trim();
    const node = k === 0 ? process.env.CPU_REF_NODE : undefined;
    return node ? { label: `${label} on ${execFileSync(node, ['-v']).toString().trim()}`, checkout, env: {}, node } : { label, checkout, env: {} };
  };
  if (refs.length === 2) sides.splice(0, 1, sideOf(refs[0]!, 0), sideOf(refs[1]!, 1));
  else sides.unshift(sideOf(arg, 0));
  cleanupTree = () => {
    for (const checkout of made) execFileSync('git', ['worktree', 'remove', '--force', checkout], { cwd: root, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
}

const running: Array<Finos & { pid: number }> = [];
try {
  for (const s of sides) running.push(await start(s));
  const plans = await Promise.all(running.map(async (f) => {
    const s = await seed(f);
    const all = [{ name: 'GET /v1/clock', l: { method: 'GET', path: '/v1/clock', headers: s.auth } as Load }, ...scenarios(s)];
    return all.filter((p) => p.name !== 'GET /v1/users/{id}' && (!wanted || wanted.some((w) => p.name.includes(w))));
  }));
  const names = plans[0]!.map((p) => p.name);
  // Warm up every path (JIT, caches) before counting.
  for (let k = 0; k < names.length; k++) for (let i = 0; i < running.length; i++) await measure(running[i]!, plans[i]![k]!.l, Math.min(requests, 1000));
  // Idle CPU comes in bursts (scheduler ticks): two 5 s samples per side, before and after the rounds.
  const idle: number[] = [];
  for (const f of running) idle.push(await idleRate(f, 5000));
  const results = names.map(() => sides.map(() => [] as Sample[]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const order = sides.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      if (concurrent) {
        const samples = await Promise.all(order.map((i) => measure(running[i]!, plans[i]![k]!.l, requests)));
        order.forEach((i, j) => results[k]![i]!.push(samples[j]!));
      } else {
        for (const i of order) results[k]![i]!.push(await measure(running[i]!, plans[i]![k]!.l, requests));
      }
    }
  }
  for (let i = 0; i < running.length; i++) idle[i] = (idle[i]! + (await idleRate(running[i]!, 5000))) / 2;
  console.error(`idle CPU: ${idle.map((x, i) => `${sides[i]!.label} ${(x / 10_000).toFixed(1)} %`).join(', ')}`);
  const raw = results.map((bySide) => bySide.map((xs) => xs.map((x) => x.cpuUs / x.requests)));
  const net = results.map((bySide) => bySide.map((xs, i) => xs.map((x) => (x.cpuUs - idle[i]! * x.wallSec) / x.requests)));
  const lines = [
    `| scenario (${engine}, ${requests} requests × ${rounds} rounds, ${connections} connections) | ${sides.map((s) => `${s.label}: µs CPU/req, idle subtracted (raw)`).join(' | ')} |${sides.length > 1 ? ' change of medians (raw) | median of per-round changes |' : ''}`,
    `|---|${sides.map(() => '---:').join('|')}|${sides.length > 1 ? '---:|---:|' : ''}`,
  ];
  const pct = (a: number, b: number) => `${(((b / a) - 1) * 100).toFixed(1)} %`;
  names.forEach((name, k) => {
    const m = net[k]!.map(median);
    const r = raw[k]!.map(median);
    const runs = net[k]!.map((xs) => xs.map((x) => x.toFixed(0)).join('/'));
    // Rounds are interleaved, so each round's ratio compares the sides under the same conditions.
    const a = net[k]![0]!;
    const b = net[k]![sides.length - 1]!;
    const paired = median(a.map((x, j) => b[j]! / x));
    lines.push(`| ${name} | ${m.map((x, i) => `${x.toFixed(0)} (${r[i]!.toFixed(0)}) [${runs[i]}]`).join(' | ')} |${m.length > 1 ? ` ${pct(m[0]!, m[m.length - 1]!)} (${pct(r[0]!, r[r.length - 1]!)}) | ${((paired - 1) * 100).toFixed(1)} % |` : ''}`);
  });
  console.log(lines.join('\n'));
  if (countPostgres) console.log('\n' + postgresTable(names, results).join('\n'));
} finally {
  for (const f of running) await f.cleanup();
  cleanupTree();
}

/** Per side: the server's and PostgreSQL's CPU per request (raw medians) and the cores' bound. */
function postgresTable(names: string[], results: Sample[][][]): string[] {
  const cores = availableParallelism();
  const lines = [
    `| scenario | ${sides.map((s) => `${s.label}: server µs/req | PostgreSQL backends µs/req | PostgreSQL background µs/req | ${cores} cores' bound (req/s)`).join(' | ')} |`,
    `|---|${sides.map(() => '---:|---:|---:|---:').join('|')}|`,
  ];
  names.forEach((name, k) => {
    const cells = results[k]!.map((xs) => {
      const server = median(xs.map((x) => x.cpuUs / x.requests));
      const backends = median(xs.map((x) => x.postgres.backends / x.requests));
      const background = median(xs.map((x) => x.postgres.background / x.requests));
      const bound = (cores * 1e6) / (server + backends + background);
      return `${server.toFixed(0)} | ${backends.toFixed(0)} | ${background.toFixed(0)} | ${bound.toFixed(0)}`;
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  });
  return lines;
}
