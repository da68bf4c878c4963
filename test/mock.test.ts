// Runs the Prism mock (`npm run mock`) on generated/openapi.json and checks that what it serves,
// the contract's own examples, matches the contract: every GET operation, an error forced with
// `Prefer: code=404`, a few POSTs, and the auth and validation answers integrators will see.
// FINOS_MOCK_SPEC=<bundled.json> mocks another spec (e.g. a scratch copy).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSamples, type Sample } from '../scripts/code-samples/collect.ts';
import { freePort } from './helpers/prism.ts';

const root = resolve(import.meta.dirname, '..');
const specFile = process.env.FINOS_MOCK_SPEC ? resolve(process.env.FINOS_MOCK_SPEC) : join(root, 'generated/openapi.json');
const spec = JSON.parse(readFileSync(specFile, 'utf8'));
const AUTH = { Authorization: 'Bearer sk_test_mock' };
const STARTUP_MS = 90_000;

type Obj = Record<string, any>;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as unknown as (a: Ajv2020) => void;
addFormats(ajv);
ajv.addSchema(spec, 'openapi.json');
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const operation = (s: Sample): Obj => spec.paths[s.path][s.method];

/** The documented schema for `status` of this operation, as an Ajv validator. */
function validatorFor(s: Sample, status: string) {
  const response = operation(s).responses[status];
  const ref = response.$ref
    ? `openapi.json${response.$ref}/content/application~1json/schema`
    : `openapi.json#/${pointer('paths', s.path, s.method, 'responses', status, 'content', 'application/json', 'schema')}`;
  return ajv.compile({ $ref: ref });
}

const resolveResponse = (r: Obj): Obj => (r.$ref ? r.$ref.slice(2).split('/').reduce((o: Obj, k: string) => o[k], spec) : r);


describe('Prism mock of the contract', () => {
  let prism: ChildProcess;
  let base: string;
  let log = '';
  const samples = collectSamples(spec);
  const gets = samples.filter((s) => s.method === 'get');

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    prism = spawn(join(root, 'node_modules/.bin/prism'), ['mock', specFile, '--port', String(port), '--host', '127.0.0.1'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    prism.stdout!.on('data', (d) => (log += d));
    prism.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + STARTUP_MS;
    while (!log.includes('Prism is listening')) {
      if (prism.exitCode !== null) throw new Error(`prism exited with ${prism.exitCode}:\n${log.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`prism did not start within ${STARTUP_MS} ms:\n${log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, STARTUP_MS + 10_000);

  afterAll(() => {
    prism?.kill('SIGTERM');
  });

  const call = (s: Sample, init: RequestInit = {}) =>
    fetch(base + s.url + (s.query.length ? '?' + new URLSearchParams(s.query.map(([k, v]): [string, string] => [k, String(v)])) : ''),
      { method: s.method.toUpperCase(), ...init, headers: { ...(s.auth ? AUTH : {}), ...(init.headers as Obj) } });

  it('mocks at least one GET operation', () => {
    expect(gets.length).toBeGreaterThan(0);
  });

  it('answers every GET operation with a body that matches its documented schema', async () => {
    const failures: string[] = [];
    for (const s of gets) {
      const res = await call(s);
      const documented = Object.keys(operation(s).responses).filter((c) => c.startsWith('2'));
      if (!documented.includes(String(res.status))) {
        failures.push(`${s.operationId}: status ${res.status}, documented ${documented.join('/')}: ${(await res.text()).slice(0, 300)}`);
        continue;
      }
      const response = resolveResponse(operation(s).responses[String(res.status)]);
      for (const header of Object.keys(response.headers ?? {})) {
        if (header.toLowerCase() !== 'content-disposition' && !res.headers.has(header)) failures.push(`${s.operationId}: no ${header} header`);
      }
      if (!response.content?.['application/json']) {
        const type = Object.keys(response.content ?? {})[0];
        if (type && !res.headers.get('content-type')?.startsWith(type)) failures.push(`${s.operationId}: content-type ${res.headers.get('content-type')}, documented ${type}`);
        continue;
      }
      const validate = validatorFor(s, String(res.status));
      const body = await res.json();
      if (!validate(body)) failures.push(`${s.operationId}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });

  it('serves a valid Error body for Prefer: code=404', async () => {
    const s = gets.find((g) => operation(g).responses['404']);
    expect(s, 'a GET operation documenting 404').toBeDefined();
    const res = await call(s!, { headers: { Prefer: 'code=404' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as Obj;
    const validate = validatorFor(s!, '404');
    expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
    expect(body.error.type).toBe('not_found');
  });

  it('creates with POSTs whose documented example bodies pass, and answers with the documented schema', async () => {
    const posts = ['createUser', 'createWebhook', 'createDeposit', 'createOrder']
      .map((id) => samples.find((s) => s.operationId === id && s.method === 'post'))
      .filter((s): s is Sample => s !== undefined);
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const s of posts) {
      const res = await call(s, { headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `mock-${s.operationId}` }, body: JSON.stringify(s.body) });
      expect(res.status, `${s.operationId}: ${res.headers.get('sl-violations')}`).toBe(201);
      const validate = validatorFor(s, '201');
      const body = await res.json();
      expect(validate(body), `${s.operationId}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('refuses a request without an API key with 401 and one with an invalid body with 400', async () => {
    const s = samples.find((x) => x.operationId === 'createUser') ?? samples.find((x) => x.method === 'post' && x.auth)!;
    const unauthenticated = await fetch(base + s.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(s.body) });
    expect(unauthenticated.status).toBe(401);
    const invalid = await call(s, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ unexpected_field: 1 }) });
    expect(invalid.status).toBe(400);
    const validate = validatorFor(s, '400');
    expect(validate(await invalid.json()), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('accepts the key in each declared form: Basic, Authorization: Bearer and the Bearer: header', async () => {
    const s = gets.find((x) => x.operationId === 'retrieveClock') ?? gets.find((x) => x.auth)!;
    const forms: Array<Record<string, string>> = [
      { Authorization: `Basic ${Buffer.from('sk_test_mock:').toString('base64')}` },
      { Authorization: 'Bearer sk_test_mock' },
      { Bearer: 'sk_test_mock' },
    ];
    for (const headers of forms) {
      const res = await fetch(base + s.url, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
    expect((await fetch(base + s.url)).status).toBe(401);
  });
});

describe('npm run mock', () => {
  /** Starts `npm run mock` as a process group of its own, so npm, tsx and Prism stop together. */
  async function startMock(args: string[], env: Record<string, string>): Promise<{ stop(): void; log(): string }> {
    let log = '';
    const child = spawn('npm', ['run', '--silent', 'mock', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const deadline = Date.now() + STARTUP_MS;
    while (!log.includes('Prism is listening')) {
      if (child.exitCode !== null) throw new Error(`npm run mock exited with ${child.exitCode}:\n${log.slice(-3000)}`);
      if (Date.now() > deadline) {
        stop();
        throw new Error(`npm run mock did not start within ${STARTUP_MS} ms:\n${log.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return { stop, log: () => log };
  }

  for (const [how, args, env] of [
    ['-- --port N', (port: number) => ['--', '--port', String(port)], () => ({})],
    ['MOCK_PORT=N', () => [], (port: number) => ({ MOCK_PORT: String(port) })],
  ] as const) {
    it(`listens where it is told with ${how}`, async () => {
      const port = await freePort();
      const mock = await startMock(args(port), env(port));
      try {
        expect(mock.log()).toContain(`127.0.0.1:${port}`);
        const res = await fetch(`http://127.0.0.1:${port}/v1/clock`, { headers: { Bearer: 'sk_test_mock' } });
        expect(res.status).toBe(200);
      } finally {
        mock.stop();
      }
    }, STARTUP_MS + 10_000);
  }
});
