import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseMasterKey } from './config.ts';

const KEY_HEX = 'a'.repeat(64);

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({ FINOS_DATA_DIR: 'memory://' });
    expect(c).toMatchObject({
      port: 8080, host: '127.0.0.1', env: 'sandbox', databaseUrl: null, rateLimitPerHour: 10000,
      trustProxy: false, publicUrl: null, validateResponses: true, pgliteReadCache: true, webhookAllowPrivate: true, logLevel: 'info', tls: null,
    });
    expect(c.masterKey).toHaveLength(32);
  });

  it('validates values and names the variable at fault', () => {
    expect(() => loadConfig({ PORT: 'abc', FINOS_DATA_DIR: 'memory://' })).toThrow(/PORT/);
    expect(() => loadConfig({ FINOS_ENV: 'staging', FINOS_DATA_DIR: 'memory://' })).toThrow(/FINOS_ENV/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', FINOS_DATA_DIR: 'memory://' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ FINOS_TLS_CERT: '/x.pem', FINOS_DATA_DIR: 'memory://' })).toThrow(/FINOS_TLS_KEY/);
  });

  it('requires a master key in production and turns response validation off there', () => {
    expect(() => loadConfig({ FINOS_ENV: 'production', FINOS_DATA_DIR: 'memory://' })).toThrow(/FINOS_MASTER_KEY/);
    const c = loadConfig({ FINOS_ENV: 'production', FINOS_MASTER_KEY: KEY_HEX });
    expect(c.validateResponses).toBe(false);
    expect(loadConfig({ FINOS_ENV: 'production', FINOS_MASTER_KEY: KEY_HEX, FINOS_VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
  });

  it('turns the embedded store\'s read cache off on request, and refuses a value that is not a boolean', () => {
    expect(loadConfig({ FINOS_DATA_DIR: 'memory://', FINOS_PGLITE_READ_CACHE: 'false' }).pgliteReadCache).toBe(false);
    expect(() => loadConfig({ FINOS_DATA_DIR: 'memory://', FINOS_PGLITE_READ_CACHE: 'sometimes' })).toThrow(/FINOS_PGLITE_READ_CACHE/);
  });

  it('allows private webhook targets by default only to a sandbox listening on loopback', () => {
    const allow = (env: Record<string, string>) => loadConfig({ FINOS_DATA_DIR: 'memory://', FINOS_MASTER_KEY: KEY_HEX, ...env }).webhookAllowPrivate;
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost', 'LOCALHOST']) expect(allow({ HOST: host }), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.10', 'finos.internal']) expect(allow({ HOST: host }), host).toBe(false);
    expect(allow({ HOST: '127.0.0.1', FINOS_ENV: 'production' })).toBe(false);
    expect(allow({ HOST: '0.0.0.0', FINOS_WEBHOOK_ALLOW_PRIVATE: 'true' })).toBe(true);
    expect(allow({ HOST: '127.0.0.1', FINOS_WEBHOOK_ALLOW_PRIVATE: 'false' })).toBe(false);
    expect(() => allow({ FINOS_WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(/FINOS_WEBHOOK_ALLOW_PRIVATE/);
  });

  it('accepts the master key as hex or base64, 32 bytes only', () => {
    expect(parseMasterKey(KEY_HEX)).toEqual(Buffer.alloc(32, 0xaa));
    expect(parseMasterKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
    expect(() => parseMasterKey('abcd')).toThrow(/32 bytes/);
  });

  it('generates a sandbox master key next to the data dir once and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'finos-config-'));
    const env = { FINOS_DATA_DIR: join(dir, 'data') };
    const a = loadConfig(env);
    expect(existsSync(join(dir, 'master.key'))).toBe(true);
    expect(readFileSync(join(dir, 'master.key'), 'utf8').trim()).toBe(a.masterKey.toString('hex'));
    expect(loadConfig(env).masterKey).toEqual(a.masterKey);
  });

  it('parses trust proxy, public URL and the rate limit', () => {
    const c = loadConfig({ FINOS_DATA_DIR: 'memory://', FINOS_TRUST_PROXY: 'loopback', FINOS_PUBLIC_URL: 'https://api.example.com/', FINOS_RATE_LIMIT_PER_HOUR: '5' });
    expect(c.trustProxy).toBe('loopback');
    expect(c.publicUrl).toBe('https://api.example.com');
    expect(c.rateLimitPerHour).toBe(5);
    expect(loadConfig({ FINOS_DATA_DIR: 'memory://', FINOS_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ FINOS_DATA_DIR: 'memory://', FINOS_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });
});
