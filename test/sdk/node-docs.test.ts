// The Node SDK against the contract and the docs: a method for every operation on a real client,
// the curl samples' Idempotency-Key, and the Node code of the guides parsing and verifying webhooks
// with the SDK.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import Finos, { METHODS } from '../../client/node/src/index.ts';
import { camel, sdkMethods, type Doc } from '../../scripts/sdk/operations.ts';
import { KEY, SYSTEM_NODE } from './node-support.ts';

const root = resolve(import.meta.dirname, '..', '..');

describe('every operation of the contract is reachable from the Node SDK', () => {
  it('has one method per entry of the SDK method table, with its operations, on a real client', () => {
    const doc = JSON.parse(readFileSync(join(root, 'generated', 'openapi.json'), 'utf8')) as Doc;
    const expected = sdkMethods(doc).map((m) => ({
      method: `${camel(m.resource)}.${camel(m.method)}`,
      operations: m.operations.map((o) => ({ operationId: o.operationId, httpMethod: o.httpMethod, path: o.path })),
    }));
    expect(METHODS).toEqual(expected);
    const client = Finos(KEY) as unknown as Record<string, Record<string, unknown>>;
    const missing = METHODS.map((m) => m.method).filter((name) => {
      const [resource, method] = name.split('.') as [string, string];
      return typeof client[resource]?.[method] !== 'function';
    });
    expect(missing).toEqual([]);
  });
});

describe('curl samples', () => {
  it('make their Idempotency-Key with tools every machine has, and never send it empty', () => {
    const dir = join(root, 'openapi', 'code_samples', 'curl');
    const commands = new Set<string>();
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/uuidgen/);
      const header = /-H "Idempotency-Key: (\$\(.*\))"/.exec(text);
      if (header) commands.add(header[1]!);
    }
    expect(commands.size).toBe(1);
    // A bare PATH: only what a base system has.
    const key = execFileSync('/bin/sh', ['-c', `printf '%s' "${[...commands][0]}"`], { env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(key).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('Node code in the docs guides', () => {
  const blocks = readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md')).flatMap((f) =>
    [...readFileSync(join(root, 'docs', 'guides', f), 'utf8').matchAll(/```(?:js|javascript)\n([\s\S]*?)```/g)]
      .map((m, i) => ({ name: `${f.replace(/\.md$/, '')}_${i}`, code: m[1]! })));

  it('parses as written: a `require` sample as CommonJS (so no top-level await), the others as ES modules', () => {
    expect(blocks.length).toBeGreaterThan(2);
    const dir = mkdtempSync(join(tmpdir(), 'finos-node-guides-'));
    try {
      for (const { name, code } of blocks) {
        const file = join(dir, `${name}.${/\brequire\(/.test(code) ? 'cjs' : 'mjs'}`);
        writeFileSync(file, code);
        let error = '';
        try {
          execFileSync(SYSTEM_NODE, ['--check', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (err) {
          error = String((err as { stderr?: string }).stderr ?? err);
        }
        expect(error, `${name}:\n${code}`).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifies webhooks with the SDK\'s verifyWebhookSignature, never a hand-written HMAC', () => {
    const webhookBlocks = blocks.filter((b) => /signature/i.test(b.code));
    expect(webhookBlocks.length).toBeGreaterThan(1);
    for (const { name, code } of webhookBlocks) {
      expect(code, name).toMatch(/import \{ verifyWebhookSignature \} from 'finos'/);
      expect(code, name).not.toMatch(/createHmac|timingSafeEqual/);
    }
  });
});
