// The runtime comes from the lockfile: `npm start` on a machine whose own Node is older serves on
// the Node that package.json pins for this platform (node_modules/.bin/node comes first on every
// npm script's PATH), and /healthz says which one is running.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { send } from '../helpers/app.ts';
import { startServeProcess } from '../helpers/serve.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const pinned: string | undefined = pkg.optionalDependencies?.[`node-${process.platform}-${process.arch}`];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// The registry's node packages are pinned for Linux (x64 and arm64); elsewhere the machine's own Node runs.
describe.skipIf(process.platform !== 'linux')('the pinned Node runtime', () => {
  it('npm scripts run on the pinned Node, whatever node comes first on PATH', () => {
    expect(pinned, `package.json pins no node-${process.platform}-${process.arch}`).toBeDefined();
    expect(process.version).toBe(`v${pinned}`);
  });

  it('npm start with only the system Node on PATH serves on the pinned Node', { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'finos-runtime-'));
    dirs.push(dataDir);
    // A login shell's PATH: the system node first, no node_modules/.bin.
    const env = { HOME: process.env.HOME ?? dataDir, PATH: '/usr/local/bin:/usr/bin:/bin', PORT: '0', FINOS_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const server = await startServeProcess('npm', ['start'], { cwd: ROOT, env });
    try {
      const health = await send(`${server.url}/healthz`, 'GET', {}, null);
      expect(health.status).toBe(200);
      expect(health.body.node).toBe(`v${pinned}`);
    } finally {
      await server.stop();
    }
  });
});
