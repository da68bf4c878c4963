// The README's quick start, run as a newcomer runs it: `npm start` in one process, the README's
// steps pasted into a shell in another. The steps in the README are the script in
// scripts/quickstart.sh, so neither can drift from what works.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { engines, send } from './helpers/app.ts';
import { startServeProcess } from './helpers/serve.ts';

const ROOT = resolve(import.meta.dirname, '..');
const script = readFileSync(join(ROOT, 'scripts/quickstart.sh'), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('README quick start', () => {
  it('shows exactly the steps of scripts/quickstart.sh', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- quickstart:begin -->\n```sh\n([\s\S]*?)```\n<!-- quickstart:end -->/.exec(readme);
    expect(block, 'README.md has no quickstart block').not.toBeNull();
    expect(block![1]).toBe(script);
  });

  for (const engine of engines()) {
    it(`goes from an empty ${engine} store to a filled fractional order`, { timeout: 300_000 }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'finos-quickstart-'));
      dirs.push(dataDir);
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'info', FINOS_DATA_DIR: join(dataDir, 'data') };
      delete env.DATABASE_URL;
      if (engine === 'postgres') {
        env.DATABASE_URL = process.env.FINOS_TEST_DATABASE_URL;
        env.FINOS_DATABASE_SCHEMA = `finos_qs_${randomBytes(5).toString('hex')}`;
      }
      const server = await startServeProcess('npm', ['start'], { cwd: ROOT, env });
      try {
        const url = server.url;
        const walk = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
          const child = spawn('bash', ['-e', join(ROOT, 'scripts/quickstart.sh')], { cwd: ROOT, env: { ...env, FINOS_URL: url } });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
          child.on('close', (code) => done({ code, stdout, stderr }));
        });
        expect(walk.code, `${walk.stdout}\n${walk.stderr}\nserver:\n${server.output()}`).toBe(0);
        const lines = walk.stdout.trim().split('\n');
        // deposit pending; one or two advances, each to a 09:30 New York open; settled cash; the fill; the position.
        expect(lines[0]).toBe('pending');
        const advances = lines.slice(1, -3);
        expect(advances.length).toBeGreaterThanOrEqual(1);
        expect(advances.length).toBeLessThanOrEqual(2);
        for (const at of advances) expect(new Date(at).toLocaleTimeString('en-US', { timeZone: 'America/New_York', hour12: false })).toBe('09:30:00');
        expect(lines.slice(-3)).toEqual(['1000.00', 'filled', '0.5']);
        const health = await send(`${url}/healthz`, 'GET', {}, null);
        expect(health.body.database).toBe(engine);
      } finally {
        await server.stop();
        if (env.FINOS_DATABASE_SCHEMA) {
          const client = new pg.Client({ connectionString: process.env.FINOS_TEST_DATABASE_URL });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${env.FINOS_DATABASE_SCHEMA} CASCADE`).finally(() => client.end());
        }
      }
    });
  }
});
