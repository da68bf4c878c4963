// `npm run test:contract`: Dredd against the real server, and alongside it the Prism proxy run
// (contract-tests/prism-proxy.ts, output shown when it ends). Dredd gets `finos serve` on a fresh
// embedded database (keys made first with `keys create --json`: a PGlite directory is
// single-process) and runs generated/openapi-3.0.json with contract-tests/hooks.cjs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statementLink, statementLinkKey } from '../server/security/signed-urls.ts';
import { startTestApp, type TestApp } from '../test/helpers/app.ts';
import { freePort } from '../test/helpers/prism.ts';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const DREDD = join(ROOT, 'node_modules', '.bin', 'dredd');
const STARTUP_TIMEOUT_MS = 180_000;

interface Server {
  url: string;
  child: ChildProcess;
  stdout: () => string;
}

function serverEnv(dataDir: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    FINOS_DATA_DIR: dataDir,
    FINOS_MASTER_KEY: randomBytes(32).toString('hex'),
    FINOS_RATE_LIMIT_PER_HOUR: '1000000',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    ...extra,
  };
}

async function serve(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(TSX, ['server/cli.ts', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(`[finos ${env.PORT}] ${c.toString('utf8')}`));
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`finos serve exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, stdout: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`finos serve did not answer /healthz within ${STARTUP_TIMEOUT_MS} ms:\n${out}`);
}

/** The main server: a temp data directory and a tenant made by the CLI before serve opens it. */
async function startMain(dir: string): Promise<{ server: Server; secret: string; publishable: string; masterKey: string }> {
  const env = serverEnv(join(dir, 'main'), await freePort());
  const keys = spawnSync(TSX, ['server/cli.ts', 'keys', 'create', '--name', 'contract', '--json'], { cwd: ROOT, env, encoding: 'utf8' });
  if (keys.status !== 0) throw new Error(`keys create failed:\n${keys.stderr}`);
  const created = JSON.parse(keys.stdout.trim().split('\n').pop()!) as { secret_key: string; publishable_key: string };
  return { server: await serve(env), secret: created.secret_key, publishable: created.publishable_key, masterKey: env.FINOS_MASTER_KEY! };
}

/**
 * The helpers' in-process apps (PGlite from a template, a second or so) serve the statuses one
 * server cannot give on demand: a limit of one request an hour (429), and production, which
 * refuses plain HTTP (403) and hides the sandbox helpers (404) before it reads any key.
 */
function startLimited(): Promise<TestApp> {
  return startTestApp({ env: { FINOS_RATE_LIMIT_PER_HOUR: '1', LOG_LEVEL: 'silent' } });
}

function startProduction(): Promise<TestApp> {
  return startTestApp({ env: { FINOS_ENV: 'production', FINOS_TRUST_PROXY: 'loopback', LOG_LEVEL: 'silent' } });
}

/** The Prism proxy run in the background; most of both runs is waiting, so they overlap well. */
function startPrismRun(): { child: ChildProcess; done: Promise<{ code: number; output: string }> } {
  const child = spawn(TSX, ['contract-tests/prism-proxy.ts'], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, output }))) };
}

async function main(): Promise<number> {
  const started = Date.now();
  const prism = process.argv.includes('--dredd-only') ? null : startPrismRun();
  let dreddCode: number;
  try {
    dreddCode = await runDredd(started);
  } catch (err) {
    prism?.child.kill('SIGTERM');
    throw err;
  }
  if (!prism) return dreddCode;
  const { code, output } = await prism.done;
  console.log(`\n== Prism proxy run (contract-tests/prism-proxy.ts)\n${output}`);
  console.log(`contract tests ${dreddCode || code ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dreddCode || code;
}

async function runDredd(started: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'finos-contract-'));
  const servers: Server[] = [];
  const apps: TestApp[] = [];
  try {
    const [main, limited, production] = await Promise.all([
      startMain(dir).then((m) => (servers.push(m.server), m)),
      startLimited().then((a) => (apps.push(a), a)),
      startProduction().then((a) => (apps.push(a), a)),
    ]);
    console.log(`servers up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${main.server.url} (limited ${limited.baseUrl}, production ${production.baseUrl})`);
    // A link the main server will accept, for a statement that does not exist (the 404 of the
    // PDF): signed by the server's own code, so the hooks need neither the master key nor a copy
    // of the derivation. It works for 30 minutes, far longer than a Dredd run.
    const unknownStatementLink = statementLink(statementLinkKey(Buffer.from(main.masterKey, 'hex')), randomUUID(), new Date()).path;
    const dredd = spawn(
      DREDD,
      ['generated/openapi-3.0.json', main.server.url, '--hookfiles', 'contract-tests/hooks.cjs', '--language', 'nodejs', '--loglevel', 'error', '--color', 'false'],
      {
        cwd: ROOT,
        stdio: 'inherit',
        env: {
          ...process.env,
          FINOS_CONTRACT_URL: main.server.url,
          FINOS_CONTRACT_SECRET_KEY: main.secret,
          FINOS_CONTRACT_PUBLISHABLE_KEY: main.publishable,
          FINOS_CONTRACT_LIMITED_URL: limited.baseUrl,
          FINOS_CONTRACT_LIMITED_KEY: limited.keys.secret,
          FINOS_CONTRACT_PRODUCTION_URL: production.baseUrl,
          FINOS_CONTRACT_UNKNOWN_STATEMENT_LINK: unknownStatementLink,
        },
      },
    );
    const code = await new Promise<number>((resolve) => dredd.on('exit', (c) => resolve(c ?? 1)));
    console.log(`Dredd ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(apps.map((a) => a.close()));
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? new Promise((r) => s.child.once('exit', r)) : null)));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
