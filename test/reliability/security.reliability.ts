// Security properties over the whole contract: tenant isolation and publishable-key limits for
// every operation, no secret in clear in the database or in the data directory on disk, HTTPS,
// SSRF refusal in production, and a rate limit that holds under parallel load (one or two instances).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openDb } from '../../server/db/open.ts';
import { publishableAllowed } from '../../server/http/auth.ts';
import { startServer } from '../../server/main.ts';
import { engines, send, startTestApp, type TestApp } from '../helpers/app.ts';
import { startReceiver, type Receiver } from '../events/receiver.ts';
import { conforms, operations } from './contract-schema.ts';
import { validValue, Rng } from './values.ts';
import { makeFixtures, person, plant, type Fixtures } from './fixtures.ts';

const PUBLIC = new Set(['getHealth', 'downloadStatementPdf']);
/** Path parameters that name shared market data, not a tenant's resource. */
const SHARED_PARAMS = new Set(['symbol', 'range']);

function bodyFor(op: ReturnType<typeof operations>[number], rng: Rng): unknown {
  if (!op.body) return undefined;
  const candidates = [...op.bodyExamples, ...Array.from({ length: 50 }, () => validValue(op.body!, rng))];
  return candidates.find((b) => conforms(op.body!, b)) ?? op.bodyExamples[0] ?? {};
}

function pathFor(template: string, fx: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(fx[n] ?? crypto.randomUUID()));
}

describe.each(engines())('tenant isolation and publishable keys on %s', (engine) => {
  let app: TestApp;
  let fx: Fixtures;
  let intruder: string;
  beforeAll(async () => {
    app = await startTestApp({ engine, env: { FINOS_RATE_LIMIT_PER_HOUR: '1000000' } });
    fx = await makeFixtures(app, app.keys.secret);
    intruder = (await app.createTenant('intruder')).secret;
    // The intruder has resources of its own, so "not found" is not just an empty tenant.
    await makeFixtures(app, intruder);
  });
  afterAll(() => app?.close());

  it("answers 404 to another tenant's key on every operation that names a resource", async () => {
    const rng = new Rng(7);
    const wrong: string[] = [];
    const ops = operations().filter((o) => !PUBLIC.has(o.operationId) && /\{/.test(o.template) && !o.params.every((p) => p.in !== 'path' || SHARED_PARAMS.has(p.name)));
    expect(ops.length).toBeGreaterThan(25);
    for (const op of ops) {
      const body = bodyFor(op, rng);
      const r = await app.request(op.method, pathFor(op.template, fx), { key: intruder, ...(body !== undefined ? { body } : {}), unchecked: true });
      if (r.status !== 404) wrong.push(`${op.method} ${op.template} → ${r.status} ${r.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    // And nothing of the owner's changed: every fixture still reads back.
    for (const p of ['/v1/users/{user_id}', '/v1/accounts/{account_id}', '/v1/bank_accounts/{bank_account_id}', '/v1/webhooks/{webhook_id}', '/v1/kyc/{token}', '/v1/events/{event_id}']) {
      const r = await app.request('GET', pathFor(p, fx));
      expect(r.status, `${p}: ${r.text}`).toBe(200);
    }
  });

  it("never lists another tenant's resources", async () => {
    const mine = new Set(Object.values(fx));
    const user = (await app.request('GET', `/v1/users/${fx.user_id}`)).body;
    for (const path of ['/v1/users?limit=100', '/v1/events?limit=100', '/v1/webhooks?limit=100', `/v1/users/search?query=${encodeURIComponent(user.last_name)}`,
      '/v1/deposits?limit=100', '/v1/withdrawals?limit=100']) {
      const r = await app.request('GET', path, { key: intruder, unchecked: true });
      expect(r.status, `${path}: ${r.text}`).toBeLessThan(500);
      if (r.status === 200) expect((r.body.data as Array<{ id: string }>).filter((x) => mine.has(x.id)), path).toEqual([]);
    }
  });

  it('refuses a publishable key (403) on every write and every read but market data', async () => {
    const rng = new Rng(11);
    const wrong: string[] = [];
    for (const op of operations().filter((o) => !PUBLIC.has(o.operationId))) {
      const body = bodyFor(op, rng);
      const path = pathFor(op.template, fx);
      const r = await app.request(op.method, path, { key: app.keys.publishable, ...(body !== undefined ? { body } : {}), unchecked: true });
      const market = op.method === 'GET' && publishableAllowed({ method: 'GET', path } as never);
      if (market ? r.status === 403 || r.status >= 500 : r.status !== 403) wrong.push(`${op.method} ${op.template} → ${r.status} ${r.text.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    // The market-data reads it may make really answer.
    for (const p of ['/v1/stocks/AAPL', '/v1/clock', '/v1/calendar', '/v1/assets']) {
      expect((await app.request('GET', p, { key: app.keys.publishable })).status, p).toBe(200);
    }
  });
});

// ---------- no secret in clear at rest ----------

/** Every row of every table of every schema (catalogs too), as text. Views only re-show tables, so they are skipped. */
async function dumpDatabase(db: Db): Promise<string> {
  const rels = await db.query<{ s: string; t: string }>(
    `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm') ORDER BY 1, 2`,
  );
  const parts: string[] = [];
  let dumped = 0;
  for (const { s, t } of rels.rows) {
    try {
      const r = await db.query<{ row: string }>(`SELECT x::text AS row FROM "${s.replace(/"/g, '""')}"."${t.replace(/"/g, '""')}" x`);
      for (const row of r.rows) parts.push(row.row);
      dumped++;
    } catch {
      // Another test dropped its schema meanwhile, or a catalog view we may not read.
    }
  }
  expect(dumped).toBeGreaterThan(50);
  return parts.join('\n');
}

describe.each(engines())('no secret in clear in a database dump on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it('holds no API key, SSN, bank account number or webhook password in clear', async () => {
    const other = await app.createTenant('second');
    const planted = await plant((m, p, body) => app.request(m, p, body === undefined ? {} : { body }),
      [app.keys.secret, app.keys.publishable, other.secret, other.publishable]);
    const dump = await dumpDatabase(app.db);
    for (const v of planted.visible) expect(dump).toContain(v); // the dump does reach the users' rows
    expect(planted.secrets.filter((s) => dump.includes(s))).toEqual([]);
  });
});

// ---------- HTTPS, SSRF ----------

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.runIf(hasOpenssl)('TLS mode', () => {
  let app: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finos-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    app = await startTestApp({ env: { FINOS_TLS_CERT: cert, FINOS_TLS_KEY: key, FINOS_ENV: 'production' }, ca: readFileSync(cert) });
  });
  afterAll(() => app?.close());

  it('serves HTTPS (production accepts it) and refuses plain HTTP on the same port', async () => {
    expect(app.baseUrl).toMatch(/^https:/);
    expect((await app.request('GET', '/healthz', { key: null })).body).toMatchObject({ status: 'ok' });
    const u = await app.request('POST', '/v1/users', { body: person() });
    expect(u.status, u.text).toBe(201);
    await expect(send(app.baseUrl.replace('https:', 'http:') + '/healthz', 'GET', {}, null)).rejects.toThrow();
  });
});

describe.each(engines())('SSRF outside the sandbox on %s', (engine) => {
  let app: TestApp;
  const https = { 'x-forwarded-proto': 'https' };
  beforeAll(async () => {
    app = await startTestApp({ engine, env: { FINOS_ENV: 'production', FINOS_TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => app?.close());

  const refused = [
    'https://127.0.0.1/hook', 'https://localhost/hook', 'https://169.254.169.254/latest/meta-data', 'https://10.0.0.1/', 'https://172.16.5.4/',
    'https://192.168.1.1/', 'https://100.64.0.1/', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://[fd00::1]/', 'https://[fe80::1]/',
    'https://0.0.0.0/', 'https://0x7f000001/', 'https://2130706433/', 'https://017700000001/', 'https://127.1/', 'https://224.0.0.1/',
    'https://255.255.255.255/', 'https://no-such-host.invalid/', 'http://example.com/', 'file:///etc/passwd', 'gopher://127.0.0.1:25/',
    'ftp://example.com/', 'https://user:pass@example.com/',
    // IPv4-translated, local-use NAT64, Teredo, 6to4 around a private address, and the documentation ranges.
    'https://[::ffff:0:127.0.0.1]/', 'https://[::ffff:0:a00:1]/', 'https://[64:ff9b:1::a00:1]/', 'https://[64:ff9b::a9fe:a9fe]/',
    'https://[2001:0::1]/', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'https://[2002:a00:1::1]/', 'https://[::127.0.0.1]/',
    'https://192.0.2.10/', 'https://198.51.100.10/', 'https://203.0.113.10/', 'https://[2001:db8::10]/', 'https://198.18.0.1/',
  ];

  it('refuses webhook URLs that reach private, loopback, metadata or unresolvable hosts, on create and update', async () => {
    const wrong: string[] = [];
    for (const url of refused) {
      const r = await app.request('POST', '/v1/webhooks', { body: { name: 'x', config: { url } }, headers: https });
      if (r.status !== 400) wrong.push(`create ${url} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    const list = await app.request('GET', '/v1/webhooks', { headers: https });
    expect(list.body.data).toEqual([]);
    // A public address literal needs no DNS; then every refused URL on update.
    const ok = await app.request('POST', '/v1/webhooks', { body: { name: 'public', config: { url: 'https://93.184.216.34/hook' } }, headers: https });
    expect(ok.status, ok.text).toBe(201);
    for (const url of refused) {
      const r = await app.request('PUT', `/v1/webhooks/${ok.body.id}`, { body: { config: { url } }, headers: https });
      if (r.status !== 400) wrong.push(`update ${url} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect((await app.request('GET', `/v1/webhooks/${ok.body.id}`, { headers: https })).body.config.url).toBe('https://93.184.216.34/hook');
  });
});

describe.each(engines())('private webhook targets on a sandbox that does not listen on loopback, on %s', (engine) => {
  // A hosted sandbox (HOST 0.0.0.0): its tenants must not reach the host's own services.
  let hosted: TestApp;
  let allowed: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    hosted = await startTestApp({ engine, env: { HOST: '0.0.0.0' } });
    allowed = await startTestApp({ engine, env: { HOST: '0.0.0.0', FINOS_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await hosted?.close();
    await allowed?.close();
    await receiver?.close();
  });

  const internal = ['http://127.0.0.1:8080/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/', 'http://localhost/', 'http://[::1]/', 'http://[::ffff:0:127.0.0.1]/'];

  it('refuses them on create and update unless the operator allows them', async () => {
    expect(hosted.config.webhookAllowPrivate).toBe(false);
    const wrong: string[] = [];
    for (const url of internal) {
      const r = await hosted.request('POST', '/v1/webhooks', { body: { name: 'x', config: { url } } });
      if (r.status !== 400 || !r.text.includes('config.url')) wrong.push(`create ${url} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    const ok = await hosted.request('POST', '/v1/webhooks', { body: { name: 'public', config: { url: 'http://93.184.216.34/hook' } } });
    expect(ok.status, ok.text).toBe(201);
    for (const url of internal) {
      const r = await hosted.request('PUT', `/v1/webhooks/${ok.body.id}`, { body: { config: { url } } });
      if (r.status !== 400) wrong.push(`update ${url} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    for (const url of internal) {
      const r = await allowed.request('POST', '/v1/webhooks', { body: { name: 'x', config: { url } } });
      expect(r.status, `${url}: ${r.text}`).toBe(201);
    }
  });

  it('checks the address again when it delivers (a name that now resolves to loopback is not called)', async () => {
    const keys = await hosted.createTenant('rebinding');
    const hook = await hosted.request('POST', '/v1/webhooks', { key: keys.secret, body: { name: 'rebinds', config: { url: 'http://93.184.216.34/hook' } } });
    expect(hook.status, hook.text).toBe(201);
    // What a DNS answer changed after the check would do: the stored target is now this machine.
    await hosted.db.query('UPDATE webhooks SET url = $2 WHERE id = $1', [hook.body.id, receiver.url]);
    expect((await hosted.request('POST', '/v1/users', { key: keys.secret, body: person() })).status).toBe(201);
    const now = (await hosted.request('GET', '/v1/sandbox/clock', { key: keys.secret })).body.timestamp as string;
    const moved = await hosted.request('POST', '/v1/sandbox/clock/advance', { key: keys.secret, body: { to: new Date(Date.parse(now) + 60_000).toISOString() } });
    expect(moved.status, moved.text).toBe(200);
    const deliveries = await hosted.request('GET', `/v1/webhooks/${hook.body.id}/deliveries`, { key: keys.secret });
    expect(deliveries.body.data.length).toBeGreaterThan(0);
    for (const d of deliveries.body.data) expect(d.last_error, JSON.stringify(d)).toContain('loopback');
    expect(receiver.received).toEqual([]);
  });
});

// ---------- rate limit under parallel load ----------

async function burst(urls: string[], key: string, n: number): Promise<{ ok: number; limited: number; other: string[]; retryAfterMissing: number }> {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => send(`${urls[i % urls.length]}/v1/clock`, 'GET', {}, key)));
  const other = results.filter((r) => r.status !== 200 && r.status !== 429).map((r) => `${r.status} ${r.text.slice(0, 100)}`);
  const limited = results.filter((r) => r.status === 429);
  return {
    ok: results.filter((r) => r.status === 200).length,
    limited: limited.length,
    other,
    retryAfterMissing: limited.filter((r) => !/^\d+$/.test(r.header('retry-after') ?? '') || r.body?.error?.type !== 'rate_limit_exceeded').length,
  };
}

describe.each(engines())('rate limit under parallel load on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine, env: { FINOS_RATE_LIMIT_PER_HOUR: '50' } });
  });
  afterAll(() => app?.close());

  it('lets exactly 50 of 200 parallel requests through; the rest are 429 with Retry-After', async () => {
    const key = (await app.createTenant('burst')).secret;
    const r = await burst([app.baseUrl], key, 200);
    expect(r.other).toEqual([]);
    expect({ ok: r.ok, limited: r.limited, retryAfterMissing: r.retryAfterMissing }).toEqual({ ok: 50, limited: 150, retryAfterMissing: 0 });
  });
});

describe.runIf(engines().includes('postgres'))('one rate limit shared by two instances on one PostgreSQL', () => {
  let app: TestApp;
  let second: Awaited<ReturnType<typeof startServer>>;
  let secondDb: Db;
  beforeAll(async () => {
    app = await startTestApp({ engine: 'postgres', env: { FINOS_RATE_LIMIT_PER_HOUR: '50' } });
    secondDb = await openDb(app.config);
    second = await startServer(app.config, { db: secondDb, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await app?.close();
  });

  it('lets exactly 50 of 200 parallel requests through across both', async () => {
    const key = (await app.createTenant('burst2')).secret;
    const r = await burst([app.baseUrl, second.url], key, 200);
    expect(r.other).toEqual([]);
    expect({ ok: r.ok, limited: r.limited, retryAfterMissing: r.retryAfterMissing }).toEqual({ ok: 50, limited: 150, retryAfterMissing: 0 });
  });
});

