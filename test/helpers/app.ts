// Starts the real Finos server in-process for HTTP scenario tests: PGlite in memory, or
// PostgreSQL in a fresh schema (dropped on close). Every response is checked against the contract.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../server/config.ts';
import { openDb } from '../../server/db/open.ts';
import { openPglite } from '../../server/db/pglite.ts';
import type { Db } from '../../server/db/db.ts';
import type { TenantClock } from '../../server/domain/clock.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { createSecrets } from '../../server/security/secrets.ts';
import { createTenant, type CreatedTenant } from '../../server/services/tenants.ts';
import type { Wiring } from '../../server/wiring.ts';
import { contract } from './contract.ts';
import { prismCannotCarry, responseViolations, startPrismProxy, viaPrism, type PrismProxy } from './prism.ts';

export type Engine = 'pglite' | 'postgres';

/**
 * The engines to run each suite on: PGlite always, PostgreSQL when FINOS_TEST_DATABASE_URL is set
 * and answers (probed once per process; an unreachable server skips with a warning, not a failure).
 */
export function engines(): Engine[] {
  const url = process.env.FINOS_TEST_DATABASE_URL;
  if (!url) return ['pglite'];
  if (postgresReachable === undefined) {
    const probe = spawnSync(process.execPath, ['-e', PROBE, url], { cwd: join(import.meta.dirname, '..', '..'), timeout: 10_000 });
    postgresReachable = probe.status === 0;
    if (!postgresReachable) console.warn(`PostgreSQL at ${url} is unreachable: skipping the postgres engine (${probe.stderr?.toString().trim().split('\n').pop() ?? ''})`);
  }
  return postgresReachable ? ['pglite', 'postgres'] : ['pglite'];
}

let postgresReachable: boolean | undefined;
const PROBE = `const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
c.connect().then(() => c.query('select 1')).then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });`;

export interface TestKeys {
  secret: string;
  publishable: string;
  tenantId: string;
  secretKeyId: string;
  publishableKeyId: string;
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim with Content-Type: application/json (malformed JSON tests). */
  rawBody?: string | Buffer;
  /** Defaults to the secret key (as Bearer); null sends no key. */
  key?: string | null;
  headers?: Record<string, string>;
  /** Skip the contract check (only for deliberately off-contract transport tests). */
  unchecked?: boolean;
}

export interface TestResponse<T = any> {
  status: number;
  headers: http.IncomingHttpHeaders;
  header(name: string): string | undefined;
  body: T;
  text: string;
}

export interface StartOptions {
  engine?: Engine;
  /** Extra environment for loadConfig (e.g. FINOS_RATE_LIMIT_PER_HOUR, FINOS_ENV, FINOS_TLS_CERT). */
  env?: Record<string, string>;
  realClock?: TenantClock;
  /** Replace the resource routers (tests of the middleware itself). */
  routes?: (app: Express) => void;
  /** CA certificate to trust for HTTPS test servers. */
  ca?: string | Buffer;
}

export interface TestApp {
  engine: Engine;
  baseUrl: string;
  keys: TestKeys;
  config: Config;
  db: Db;
  /** The scheduler sources and listeners the server runs with (server/wiring.ts). */
  wiring: Wiring;
  /** Log lines at warn or above, parsed. */
  logs: Array<Record<string, unknown>>;
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<TestResponse<T>>;
  /** Another tenant with its own key pair (tenant isolation tests). */
  createTenant(name?: string): Promise<TestKeys>;
  close(): Promise<void>;
}

export async function startTestApp(opts: StartOptions = {}): Promise<TestApp> {
  const engine = opts.engine ?? 'pglite';
  const url = process.env.FINOS_TEST_DATABASE_URL;
  if (engine === 'postgres' && !url) throw new Error('FINOS_TEST_DATABASE_URL is not set');
  const schema = engine === 'postgres' ? `finos_test_${randomBytes(6).toString('hex')}` : null;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    FINOS_DATA_DIR: 'memory://',
    FINOS_MASTER_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    ...(engine === 'postgres' ? { DATABASE_URL: url, FINOS_DATABASE_SCHEMA: schema! } : {}),
    ...opts.env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const log = pino({ level: config.logLevel }, captureLogs(logs));
  const db = engine === 'pglite' ? await openPglite('memory://', { loadDataDir: await pgliteTemplate() }) : await openDb(config);
  let running: RunningServer;
  try {
    running = await startServer(config, {
      log,
      db,
      ...(opts.realClock ? { realClock: opts.realClock } : {}),
      ...(opts.routes ? { app: { routes: opts.routes } } : {}),
    });
  } catch (err) {
    await db.close();
    if (schema) await dropSchema(url!, schema);
    throw err;
  }
  const secrets = createSecrets(config.masterKey);
  const newTenant = async (name = 'test'): Promise<TestKeys> => toKeys(await createTenant(db, secrets, { name, env: config.env }));
  const keys = await newTenant('acme');
  // Prism mode: requests go through the contract-checking proxy (HTTPS apps stay direct).
  let proxy: PrismProxy | null = null;
  if (viaPrism() && !config.tls) {
    try {
      proxy = await startPrismProxy(running.url);
    } catch (err) {
      await running.close();
      await db.close();
      if (schema) await dropSchema(url!, schema);
      throw err;
    }
  }
  const baseUrl = proxy?.url ?? running.url;
  const agent = config.tls ? new https.Agent({ keepAlive: false, ...(opts.ca ? { ca: opts.ca } : { rejectUnauthorized: false }) }) : undefined;

  return {
    engine,
    baseUrl,
    keys,
    config,
    db,
    wiring: running.wiring,
    logs,
    createTenant: newTenant,
    async request(method, path, o = {}) {
      const key = o.key === undefined ? keys.secret : o.key;
      const bodyBytes = o.rawBody !== undefined ? Buffer.byteLength(o.rawBody) : o.body !== undefined ? Buffer.byteLength(JSON.stringify(o.body)) : 0;
      // Deliberately off-contract requests, and those Prism cannot carry, go straight to the app.
      const base = proxy && (o.unchecked || prismCannotCarry(path, bodyBytes)) ? running.url : baseUrl;
      const res = await send(base + path, method, o, key, agent);
      if (!o.unchecked) {
        const problems = contract().check(method, path, res.status, res.header('content-type') ?? null, res.body);
        if (problems.length) {
          const errors = logs.filter((l) => Number(l.level) >= 50).map((l) => l.msg);
          throw new Error(`Contract violation:\n  ${problems.join('\n  ')}\nresponse: ${res.status} ${res.text.slice(0, 2000)}${errors.length ? `\nserver errors: ${errors.join('\n')}` : ''}`);
        }
      }
      return res;
    },
    async close() {
      await proxy?.close();
      await running.close();
      await db.close();
      if (schema) await dropSchema(url!, schema);
    },
  };
}

function toKeys(c: CreatedTenant): TestKeys {
  return { secret: c.secret_key, publishable: c.publishable_key, tenantId: c.tenant_id, secretKeyId: c.secret_key_id, publishableKeyId: c.publishable_key_id };
}

/** Raw HTTP(S) so tests control every header (Host, X-Forwarded-Proto) and can trust a test CA. */
export function send(url: string, method: string, o: RequestOptions, key: string | null, agent?: https.Agent): Promise<TestResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  if (key !== null && !Object.keys(headers).some((h) => /^(authorization|bearer)$/i.test(h))) headers.authorization = `Bearer ${key}`;
  let payload: Buffer | undefined;
  if (o.rawBody !== undefined) payload = Buffer.from(o.rawBody);
  else if (o.body !== undefined) payload = Buffer.from(JSON.stringify(o.body));
  if (payload) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method, headers, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        if ((res.headers['content-type'] ?? '').includes('json') && text) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        const h = res.headers;
        const violations = responseViolations(h['sl-violations']);
        if (violations.length) {
          reject(new Error(`Prism: ${method} ${url} answered ${res.statusCode} off-contract:\n  ${violations.join('\n  ')}\nresponse: ${text.slice(0, 2000)}`));
          return;
        }
        resolve({ status: res.statusCode ?? 0, headers: h, header: (n) => (h[n.toLowerCase()] as string | undefined), body, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function captureLogs(into: Array<Record<string, unknown>>): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          into.push(entry);
          // Server errors surface in the test output, not only in the captured list.
          if (Number(entry.level) >= 50) process.stderr.write(`[finos test server] ${line}\n`);
        } catch {
          process.stderr.write(line + '\n');
        }
      }
      cb();
    },
  });
}

/**
 * A freshly initdb'ed PGlite data directory, made once per PGlite version and kept in the OS
 * temp dir: loading it takes about a second where initdb takes ten or more.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;
  const file = join(tmpdir(), `finos-pglite-template-${version}.tar`);
  if (!existsSync(file)) {
    const db = await openPglite('memory://');
    try {
      const dump = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
      // Write then rename, so concurrent test files never read half a file.
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, dump);
      renameSync(partial, file);
    } finally {
      await db.close();
    }
  }
  return new Blob([readFileSync(file)]);
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A fresh database for db-level tests: in-memory PGlite, or a new PostgreSQL schema. */
export async function openTestDb(engine: Engine): Promise<{ db: Db; schema: string | null; reopen(): Promise<Db>; close(): Promise<void> }> {
  const url = process.env.FINOS_TEST_DATABASE_URL;
  if (engine === 'pglite') {
    const db = await openPglite('memory://', { loadDataDir: await pgliteTemplate() });
    return { db, schema: null, reopen: () => Promise.reject(new Error('in-memory PGlite cannot be reopened')), close: () => db.close() };
  }
  if (!url) throw new Error('FINOS_TEST_DATABASE_URL is not set');
  const schema = `finos_test_${randomBytes(6).toString('hex')}`;
  const cfg = { databaseUrl: url, databaseSchema: schema, dataDir: 'memory://' };
  const db = await openDb(cfg);
  const extra: Db[] = [];
  return {
    db,
    schema,
    async reopen() {
      const d = await openDb(cfg);
      extra.push(d);
      return d;
    },
    async close() {
      for (const d of extra) await d.close();
      await db.close();
      await dropSchema(url, schema);
    },
  };
}
