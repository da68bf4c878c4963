// No secret in clear on disk: `finos serve` on a real PGlite data directory takes users with SSNs,
// bank accounts and a webhook password, shuts down, and every file is then searched byte-wise.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { send } from '../helpers/app.ts';
import { plant, type Planted } from './fixtures.ts';
import { spawnServer } from './server-process.ts';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('no secret in clear in the PGlite data directory on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'finos-disk-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('after `finos serve` wrote users, bank accounts and a webhook and shut down', async () => {
    const dataDir = join(root, 'data');
    const server = await spawnServer({ FINOS_DATA_DIR: dataDir, FINOS_ENV: 'sandbox' });
    let planted: Planted;
    try {
      expect(server.secret, server.output()).toMatch(/^sk_/);
      const publishable = /publishable key:\s+(pk_\S+)/.exec(server.output())?.[1];
      planted = await plant(async (m, p, body) => send(server.url + p, m, body === undefined ? {} : { body }, server.secret!), [server.secret!, publishable!]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const files = filesUnder(root);
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    const seen = new Set<string>();
    let bytes = 0;
    for (const f of files) {
      if (!statSync(f).size) continue;
      const buf = readFileSync(f);
      bytes += buf.length;
      for (const v of planted.visible) if (buf.includes(Buffer.from(v, 'utf8'))) seen.add(v);
      for (const s of planted.secrets) {
        if (buf.includes(Buffer.from(s, 'utf8')) || buf.includes(Buffer.from(s, 'utf16le'))) found.push(`${s} in ${f}`);
      }
    }
    expect(bytes).toBeGreaterThan(1_000_000);
    // The search does read row data: the emails, kept in clear on purpose, are found.
    expect([...seen].sort()).toEqual([...planted.visible].sort());
    expect(found).toEqual([]);
  });
});

