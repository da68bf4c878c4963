// HTTPS served by Finos itself, and production's refusal of plain HTTP and of sandbox helpers.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecrets } from '../../server/security/secrets.ts';
import { createTenant } from '../../server/services/tenants.ts';
import { engines, send, startTestApp, type TestApp } from '../helpers/app.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('openssl not found: skipping the HTTPS tests (install openssl to run them)');

function selfSigned(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'finos-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  return { cert, key };
}

describe.runIf(hasOpenssl).each(engines())('HTTPS on %s', (engine) => {
  let app: TestApp;
  let certFile: string;
  beforeAll(async () => {
    const { cert, key } = selfSigned();
    certFile = cert;
    app = await startTestApp({ engine, env: { FINOS_TLS_CERT: cert, FINOS_TLS_KEY: key, FINOS_ENV: 'production' }, ca: readFileSync(cert) });
  });
  afterAll(() => app?.close());

  it('speaks HTTPS with the configured certificate, and production accepts it', async () => {
    expect(app.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await app.request('GET', '/v1/webhooks');
    expect(r.status).toBe(200);
    expect(r.body.pagination.next_uri).toBeNull();
    expect((await app.request('GET', '/healthz', { key: null })).body).toMatchObject({ status: 'ok', environment: 'production' });
  });

  it('refuses a client that does not trust the certificate', async () => {
    await expect(send(`${app.baseUrl}/healthz`, 'GET', {}, null)).rejects.toThrow(/self[- ]signed|certificate/i);
    expect(certFile).toBeTruthy();
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    await expect(send(app.baseUrl.replace('https:', 'http:') + '/healthz', 'GET', {}, null)).rejects.toThrow();
  });
});

describe.each(engines())('production over plain HTTP on %s', (engine) => {
  let app: TestApp;
  let proxied: TestApp;
  const prod = { FINOS_ENV: 'production', FINOS_MASTER_KEY: 'b'.repeat(64) };
  beforeAll(async () => {
    app = await startTestApp({ engine, env: prod });
    proxied = await startTestApp({ engine, env: { ...prod, FINOS_TRUST_PROXY: 'loopback', FINOS_PUBLIC_URL: 'https://api.example.com' } });
  });
  afterAll(async () => {
    await app?.close();
    await proxied?.close();
  });

  it('issues live keys', () => {
    expect(app.keys.secret).toMatch(/^sk_live_/);
  });

  it('refuses plain HTTP with 403, even with X-Forwarded-Proto from an untrusted peer', async () => {
    const r = await app.request('GET', '/v1/webhooks');
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/HTTPS/);
    const spoofed = await app.request('GET', '/v1/webhooks', { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.status).toBe(403);
  });

  it('still answers /healthz for load balancer probes', async () => {
    expect((await app.request('GET', '/healthz', { key: null })).status).toBe(200);
  });

  it('accepts HTTPS terminated by a trusted proxy, and builds links on FINOS_PUBLIC_URL', async () => {
    const r = await proxied.request('GET', '/v1/webhooks?limit=1', { headers: { 'x-forwarded-proto': 'https' } });
    expect(r.status).toBe(200);
    const plain = await proxied.request('GET', '/v1/webhooks', { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.status).toBe(403);
  });

  it('has no sandbox helpers: /v1/sandbox/** is 404', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    for (const [method, path] of [['GET', '/v1/sandbox/clock'], ['POST', '/v1/sandbox/clock/advance'], ['POST', '/v1/sandbox/kyc/S-abc/review']] as const) {
      const r = await proxied.request(method, path, { headers: https, body: {}, unchecked: true });
      expect(r.status, path).toBe(404);
      expect(r.body.error.type).toBe('not_found');
    }
  });

  it('refuses sandbox keys', async () => {
    const sandbox = await createTenant(proxied.db, createSecrets(proxied.config.masterKey), { name: 'sb', env: 'sandbox' });
    const r = await proxied.request('GET', '/v1/webhooks', { key: sandbox.secret_key, headers: { 'x-forwarded-proto': 'https' } });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/sandbox key/);
  });
});
