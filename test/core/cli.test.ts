// The `finos` command as a newcomer runs it: keys create/list/revoke, migrate, and serve on an
// empty database printing working keys. Runs bin/finos.mjs in child processes.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { engines, send } from '../helpers/app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'finos.mjs');

function envFor(engine: string): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', FINOS_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'finos-cli-')), 'data') };
  delete base.DATABASE_URL;
  if (engine === 'postgres') {
    return { ...base, DATABASE_URL: process.env.FINOS_TEST_DATABASE_URL, FINOS_DATABASE_SCHEMA: `finos_cli_${randomBytes(5).toString('hex')}` };
  }
  return base;
}

function finos(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const schemas: string[] = [];
afterAll(async () => {
  const url = process.env.FINOS_TEST_DATABASE_URL;
  if (!url || schemas.length === 0) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await c.end();
});

describe.each(engines())('finos CLI on %s', (engine) => {
  const env = envFor(engine);
  if (env.FINOS_DATABASE_SCHEMA) schemas.push(env.FINOS_DATABASE_SCHEMA);

  it('keys create --json prints exactly one JSON line; list shows no secrets; revoke works; migrate is idempotent', { timeout: 300_000 }, () => {
    const created = finos(env, 'keys', 'create', '--name', 'acme', '--json');
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const keys = JSON.parse(lines[0]!);
    expect(Object.keys(keys).sort()).toEqual(['publishable_key', 'secret_key', 'tenant_id']);
    expect(keys.secret_key).toMatch(/^sk_test_[0-9A-Za-z]{40}$/);
    expect(keys.publishable_key).toMatch(/^pk_test_[0-9A-Za-z]{40}$/);

    const listed = finos(env, 'keys', 'list', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).not.toContain(keys.secret_key);
    expect(listed.stdout).not.toContain(keys.secret_key.slice(8, 30));
    const rows = JSON.parse(listed.stdout) as Array<{ id: string; kind: string; last4: string; revoked_at: string | null }>;
    expect(rows).toHaveLength(2);
    const secret = rows.find((r) => r.kind === 'secret')!;
    expect(secret.last4).toBe(keys.secret_key.slice(-4));

    const revoked = finos(env, 'keys', 'revoke', secret.id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(finos(env, 'keys', 'revoke', secret.id).code).toBe(1);
    const after = JSON.parse(finos(env, 'keys', 'list', '--json').stdout) as typeof rows;
    expect(after.find((r) => r.id === secret.id)!.revoked_at).not.toBeNull();

    const m1 = finos(env, 'migrate');
    const m2 = finos(env, 'migrate');
    expect([m1.code, m2.code]).toEqual([0, 0]);
    expect(m2.stdout).not.toMatch(/applied/);
    expect(m2.stdout).toMatch(/up to date/);

    const bad = finos(env, 'keys', 'create');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--name/);
  });

  it('serve on an empty database creates a sandbox tenant and prints keys that work at once', { timeout: 300_000 }, async () => {
    const serveEnv: NodeJS.ProcessEnv = { ...envFor(engine), PORT: '0', LOG_LEVEL: 'info' };
    if (serveEnv.FINOS_DATABASE_SCHEMA) schemas.push(serveEnv.FINOS_DATABASE_SCHEMA);
    const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: serveEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const started = Date.now();
      while (!/listening on (http:\/\/\S+?)"/.test(out)) {
        if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
        if (Date.now() - started > 240_000) throw new Error(`serve did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const url = /listening on (http:\/\/\S+?)"/.exec(out)![1]!;
      const key = /secret key:\s+(sk_test_\w+)/.exec(out)?.[1];
      expect(key, out).toBeDefined();
      const health = await send(`${url}/healthz`, 'GET', {}, null);
      expect(health.body).toMatchObject({ status: 'ok', database: engine });
      const basic = await send(`${url}/v1/webhooks`, 'GET', { headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } }, null);
      expect(basic.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(child.exitCode).toBe(0);
  });
});
