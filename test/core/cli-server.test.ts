// The CLI next to a running server, as two real processes: on the embedded store the server
// owns the data directory and performs the CLI's commands itself (nothing the CLI reports is
// lost, and a revocation takes effect at once); on PostgreSQL the CLI writes directly and the
// server hears of a revocation by NOTIFY. A second server on one data directory is refused.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir, lockPathOf } from '../../server/db/data-dir-lock.ts';
import { adminFileOf } from '../../server/admin.ts';
import { engines, send } from '../helpers/app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'finos.mjs');
const dirs: string[] = [];
const schemas: string[] = [];

afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  const url = process.env.FINOS_TEST_DATABASE_URL;
  if (!url || schemas.length === 0) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await c.end();
});

function envFor(engine: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'finos-cli-server-'));
  dirs.push(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', FINOS_DATA_DIR: join(dir, 'data'), FINOS_MASTER_KEY: randomBytes(32).toString('hex') };
  delete env.DATABASE_URL;
  if (engine === 'postgres') {
    const schema = `finos_cliserver_${randomBytes(5).toString('hex')}`;
    schemas.push(schema);
    return { ...env, DATABASE_URL: process.env.FINOS_TEST_DATABASE_URL, FINOS_DATABASE_SCHEMA: schema };
  }
  return env;
}

function finos(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

async function serve(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: { ...env, PORT: '0', LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!/listening on (http:\/\/\S+?)"/.test(out)) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
    if (Date.now() - started > 120_000) throw new Error(`serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: /listening on (http:\/\/\S+?)"/.exec(out)![1]!,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

const get = (url: string, key: string) => send(`${url}/v1/webhooks`, 'GET', {}, key).then((r) => r.status);

function createKey(env: NodeJS.ProcessEnv, name: string): { secret_key: string; publishable_key: string; tenant_id: string } {
  const r = finos(env, 'keys', 'create', '--name', name, '--json');
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  const keys = JSON.parse(lines[0]!);
  expect(keys.secret_key).toMatch(/^sk_test_/);
  expect(keys.publishable_key).toMatch(/^pk_test_/);
  return keys;
}

function secretKeyId(env: NodeJS.ProcessEnv, tenantId: string): string {
  const listed = finos(env, 'keys', 'list', '--json');
  expect(listed.code, listed.stderr).toBe(0);
  const rows = JSON.parse(listed.stdout) as Array<{ id: string; kind: string; tenant_id: string }>;
  return rows.find((k) => k.tenant_id === tenantId && k.kind === 'secret')!.id;
}

describe('the embedded store while `finos serve` runs on it', () => {
  it('the server performs every CLI command: keys work at once, revocation is immediate, nothing is lost at restart', { timeout: 300_000 }, async () => {
    const env = envFor('pglite');
    let server = await serve(env);
    try {
      expect(existsSync(lockPathOf(env.FINOS_DATA_DIR!))).toBe(true);
      // The hand-over channel: readable by the data directory's owner only, loopback, token required.
      const adminFile = adminFileOf(env.FINOS_DATA_DIR!);
      expect(statSync(adminFile).mode & 0o777).toBe(0o600);
      const admin = JSON.parse(readFileSync(adminFile, 'utf8')) as { url: string; token: string };
      expect(admin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const list = JSON.stringify({ command: 'keys.list' });
      const noToken = await fetch(`${admin.url}/commands`, { method: 'POST', body: list });
      expect(noToken.status).toBe(401);
      const wrongToken = await fetch(`${admin.url}/commands`, { method: 'POST', body: list, headers: { authorization: `Bearer ${admin.token.slice(1)}x` } });
      expect(wrongToken.status).toBe(401);
      const fromBrowser = await fetch(`${admin.url}/commands`, { method: 'POST', body: list, headers: { authorization: `Bearer ${admin.token}`, origin: 'http://evil.example' } });
      expect(fromBrowser.status).toBe(403);
      const badCommand = await fetch(`${admin.url}/commands`, { method: 'POST', body: JSON.stringify({ command: 'keys.create' }), headers: { authorization: `Bearer ${admin.token}` } });
      expect(badCommand.status).toBe(400);
      expect(((await badCommand.json()) as { error: { message: string } }).error.message).toMatch(/name/);
      const acme = createKey(env, 'acme');
      expect(await get(server.url, acme.secret_key)).toBe(200);

      const id = secretKeyId(env, acme.tenant_id);
      const revoked = finos(env, 'keys', 'revoke', id);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain(`revoked ${id}`);
      // The very next request: the server revoked it in its own process and dropped its cache.
      expect(await get(server.url, acme.secret_key)).toBe(401);
      expect(finos(env, 'keys', 'revoke', id).code).toBe(1);

      const migrated = finos(env, 'migrate');
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(migrated.stdout).toMatch(/up to date \(pglite\)/);

      const second = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.stderr.on('data', (d: Buffer) => (out += d.toString()));
        c.once('exit', (code) => resolve({ code, out }));
      });
      expect(second.code).toBe(1);
      expect(second.out).toMatch(/Another Finos server \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) is already serving/);

      const kept = createKey(env, 'kept');
      expect(await get(server.url, kept.secret_key)).toBe(200);
      expect(await server.stop()).toBe(0);
      expect(existsSync(lockPathOf(env.FINOS_DATA_DIR!))).toBe(false);
      expect(existsSync(adminFileOf(env.FINOS_DATA_DIR!))).toBe(false);

      server = await serve(env);
      expect(await get(server.url, kept.secret_key)).toBe(200);
      expect(await get(server.url, acme.secret_key)).toBe(401);
    } finally {
      await server.stop();
    }
    // With no server the CLI opens the store itself, and prints the same single line.
    const alone = createKey(env, 'alone');
    server = await serve(env);
    try {
      expect(await get(server.url, alone.secret_key)).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('refuses, saying what to do, when another process holds the data directory and no server answers', { timeout: 120_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...envFor('pglite'), FINOS_DATA_DIR_WAIT_SECONDS: '1' };
    mkdirSync(env.FINOS_DATA_DIR!, { recursive: true });
    const release = await lockDataDir(env.FINOS_DATA_DIR!, () => {});
    try {
      const r = finos(env, 'keys', 'create', '--name', 'nope', '--json');
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`The data directory ${env.FINOS_DATA_DIR} is locked by another Finos process`);
      expect(r.stderr).toMatch(/stop it \(Ctrl-C\) and run the command again/);
      const s = finos(env, 'serve');
      expect(s.code).toBe(1);
      expect(s.stderr).toContain('is locked by another Finos process');
    } finally {
      await release();
    }
    const after = finos(env, 'keys', 'list', '--json');
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual([]);
  });
});

describe.each(engines())('keys revoke against a running server on %s', (engine) => {
  it('the revoked key is refused within 10 s, and the other tenant keeps working', { timeout: 300_000 }, async () => {
    const env = envFor(engine);
    const server = await serve(env);
    try {
      const a = createKey(env, 'a');
      const b = createKey(env, 'b');
      expect(await get(server.url, a.secret_key)).toBe(200);
      expect(await get(server.url, b.secret_key)).toBe(200);
      const revoked = finos(env, 'keys', 'revoke', secretKeyId(env, a.tenant_id));
      expect(revoked.code, revoked.stderr).toBe(0);
      const deadline = Date.now() + 10_000;
      let status = await get(server.url, a.secret_key);
      while (status !== 401 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = await get(server.url, a.secret_key);
      }
      expect(status).toBe(401);
      expect(await get(server.url, b.secret_key)).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
