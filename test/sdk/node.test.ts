// The Node SDK (client/node). Its runtime from source against a local server that records every
// request (retries, idempotency keys, options, errors, pagination); then the package as an
// integrator gets it: `npm pack`, installed into a project outside this repository and run with
// the machine's own node (not the project's), in `import` and `require` forms; every Node docs
// sample typechecked against the installed types; and the live scenario (scenario.md) against a
// real server through the installed package.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Finos, {
  APIConnectionError, APIError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, FinosError, InvalidRequestError, METHODS, NotFoundError, RateLimitError, VERSION,
} from '../../client/node/src/index.ts';
import { camel, sdkMethods, type Doc } from '../../scripts/sdk/operations.ts';
import { runScenario, startLive, type Live, type ScenarioRun } from './live.ts';

const root = resolve(import.meta.dirname, '..', '..');
const pkgDir = join(root, 'client', 'node');
// The machine's own node (Node 20 here), not the project's Node 24: the package must work on the
// versions integrators run. Without one, the project's node still proves it runs without tsx.
const SYSTEM_NODE = existsSync('/usr/bin/node') ? '/usr/bin/node' : process.execPath;
if (SYSTEM_NODE !== '/usr/bin/node') console.warn(`test/sdk/node.test.ts: /usr/bin/node not found; running the installed package with ${process.execPath}`);
const KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';

interface Recorded { method: string; url: string; headers: IncomingMessage['headers']; body: string }
type Handler = (req: Recorded, n: number, res: ServerResponse) => { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | 'hang';

describe('Node SDK runtime against a recording server', () => {
  let server: Server;
  let baseUrl: string;
  const requests: Recorded[] = [];
  let handler: Handler = () => ({ status: 200, body: {} });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const recorded = { method: req.method!, url: req.url!, headers: req.headers, body };
        requests.push(recorded);
        const answer = handler(recorded, requests.length, res);
        if (answer === 'hang') return;
        if (answer === 'drop') return void req.socket.destroy();
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers })
          .end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }));
  beforeEach(() => {
    requests.length = 0;
    handler = () => ({ status: 200, body: {} });
  });

  it('defaults to 2 retries, 30 s to connect and 80 s to read, as documented', () => {
    expect([DEFAULT_MAX_RETRIES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT]).toEqual([2, 30_000, 80_000]);
  });

  it('identifies itself as finos-node/<version>, the version package.json gives', async () => {
    await Finos(KEY, { baseUrl }).accounts.fetch('a1');
    expect(VERSION).toBe(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version);
    expect(requests[0]!.headers['user-agent']).toMatch(new RegExp(`^finos-node/${VERSION.replace(/\./g, '\\.')} `));
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('sends an Idempotency-Key on every write, new for each call, and none on reads', async () => {
    const f = Finos(KEY, { baseUrl });
    await f.users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' });
    await f.users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' });
    await f.orders.cancel('o1');
    await f.users.fetch('u1');
    const keys = requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[3]).toBeUndefined();
  });

  it('retries a 5xx twice by default under the same Idempotency-Key, then succeeds', async () => {
    handler = (_r, n) => (n < 3 ? { status: 503, body: { error: { type: 'api_error', message: 'busy' } } } : { status: 201, body: { id: 'd1', amount: '100.10' } });
    const deposit = await Finos(KEY, { baseUrl }).deposits.create({ account_id: 'a', bank_account_id: 'b', amount: '100.10' });
    expect(deposit).toEqual({ id: 'd1', amount: '100.10' });
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(requests.map((r) => JSON.parse(r.body).amount)).toEqual(['100.10', '100.10', '100.10']);
  });

  it('gives up after maxRetries and throws the last answer as an APIError', async () => {
    handler = () => ({ status: 500, body: { error: { type: 'api_error', message: 'boom', request_id: 'req_1' } } });
    const err = await Finos(KEY, { baseUrl }).users.fetch('u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect(err).toMatchObject({ status: 500, type: 'api_error', message: 'boom', requestId: 'req_1' });
    expect(requests).toHaveLength(3);
    requests.length = 0;
    await expect(Finos(KEY, { baseUrl, maxRetries: 0 }).users.fetch('u1')).rejects.toBeInstanceOf(APIError);
    await expect(Finos(KEY, { baseUrl }).users.fetch('u1', { maxRetries: 1 })).rejects.toBeInstanceOf(APIError);
    expect(requests).toHaveLength(3);
  });

  it('never retries other 4xx', async () => {
    for (const [status, type] of [[400, 'validation_error'], [402, 'invalid_request'], [404, 'not_found'], [409, 'invalid_request']] as const) {
      requests.length = 0;
      handler = () => ({ status, body: { error: { type, message: `no (${status})`, field: status === 400 ? 'amount' : undefined } }, headers: { 'X-Request-Id': `r${status}` } });
      const err = await Finos(KEY, { baseUrl }).deposits.create({ account_id: 'a', bank_account_id: 'b', amount: '1' }).catch((e: unknown) => e) as FinosError;
      expect(requests, String(status)).toHaveLength(1);
      expect(err).toBeInstanceOf(status === 404 ? NotFoundError : InvalidRequestError);
      expect(err).toMatchObject({ status, type, message: `no (${status})`, requestId: `r${status}`, field: status === 400 ? 'amount' : undefined });
    }
  });

  it('retries a 429 whose Retry-After is short, not one that asks for a long wait', async () => {
    handler = (_r, n) => (n === 1 ? { status: 429, body: { error: { type: 'rate_limit_exceeded', message: 'slow down' } }, headers: { 'Retry-After': '0' } } : { status: 200, body: { ok: true } });
    expect(await Finos(KEY, { baseUrl }).events.list()).toEqual({ ok: true });
    expect(requests).toHaveLength(2);

    requests.length = 0;
    handler = () => ({ status: 429, body: { error: { type: 'rate_limit_exceeded', message: 'slow down' } }, headers: { 'Retry-After': '3600' } });
    await expect(Finos(KEY, { baseUrl }).events.list()).rejects.toBeInstanceOf(RateLimitError);
    expect(requests).toHaveLength(1);
  });

  it('retries a dropped connection with the same Idempotency-Key, and reports api_connection when it keeps failing', async () => {
    handler = (_r, n) => (n === 1 ? 'drop' : { status: 201, body: { id: 'u1' } });
    expect(await Finos(KEY, { baseUrl }).users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' })).toEqual({ id: 'u1' });
    expect(requests).toHaveLength(2);
    expect(requests[0]!.headers['idempotency-key']).toBe(requests[1]!.headers['idempotency-key']);

    requests.length = 0;
    handler = () => 'drop';
    const err = await Finos(KEY, { baseUrl, maxRetries: 1 }).users.fetch('u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).toMatchObject({ status: 0, type: 'api_connection' });
    expect(requests).toHaveLength(2);
  });

  it('honours per-call options: idempotency key, API key, headers, timeout and abort', async () => {
    const f = Finos(KEY, { baseUrl, headers: { 'X-Team': 'ops' } });
    await f.users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' },
      { idempotencyKey: 'mine-1', apiKey: 'sk_test_other', headers: { 'X-Trace': 't1' } });
    expect(requests[0]!.headers).toMatchObject({ 'idempotency-key': 'mine-1', authorization: 'Bearer sk_test_other', 'x-trace': 't1', 'x-team': 'ops' });

    requests.length = 0;
    handler = () => 'hang';
    const timedOut = await f.users.fetch('u1', { timeout: 100, maxRetries: 1 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(APIConnectionError);
    expect((timedOut as Error).message).toMatch(/no answer within 100 ms/);
    expect(requests).toHaveLength(2);

    requests.length = 0;
    const controller = new AbortController();
    const aborted = f.users.fetch('u1', { signal: controller.signal }).catch((e: unknown) => e);
    while (requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await aborted).toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });

  it('fills path ids in order, encodes them, and chooses the chart operation by its optional range', async () => {
    const f = Finos(KEY, { baseUrl });
    await f.accounts.create('user/1', {} as never);
    await f.stocks.chart('AAPL');
    await f.stocks.chart('AAPL', '1y');
    await f.webhooks.deliveries('w1', { limit: 2 });
    await f.statements.list({ account_id: 'a1', start_date: '2026-01-01' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/users/user%2F1/accounts',
      'GET /v1/stocks/AAPL/chart',
      'GET /v1/stocks/AAPL/chart/1y',
      'GET /v1/webhooks/w1/deliveries?limit=2',
      'GET /v1/statements?account_id=a1&start_date=2026-01-01',
    ]);
  });

  it('keeps unknown fields and enum values, and money as strings', async () => {
    const body = { id: 'o1', status: 'some_future_status', filled_quantity: '0.123456789', notional: '1000000000000.01', surprise: { nested: true } };
    handler = () => ({ status: 200, body });
    const order = await Finos(KEY, { baseUrl }).orders.fetch('o1');
    expect(order).toEqual(body);
    expect(typeof order.filled_quantity).toBe('string');
  });

  it('returns the statement PDF as bytes', async () => {
    handler = (_r, _n, res) => { res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(Buffer.from('%PDF-1.7 …')); return 'hang'; };
    const pdf = await Finos(KEY, { baseUrl }).statements.pdf('s1', { expires: 1, signature: 'ab' });
    expect(pdf).toBeInstanceOf(ArrayBuffer);
    expect(Buffer.from(pdf).toString('utf8')).toBe('%PDF-1.7 …');
    expect(requests[0]!.url).toBe('/v1/statements/s1/pdf?expires=1&signature=ab');
  });

  it('reports a 2xx answer that is not JSON as an APIError, without retrying', async () => {
    handler = (_r, _n, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>proxy</html>'); return 'hang'; };
    await expect(Finos(KEY, { baseUrl }).users.fetch('u1')).rejects.toMatchObject({ name: 'APIError', status: 200, type: 'api_error' });
    expect(requests).toHaveLength(1);
  });

  describe('auto-pagination', () => {
    // A list of 17 users served newest first in pages, with the cursor the API documents.
    const all = Array.from({ length: 17 }, (_, i) => ({ id: `u${String(17 - i).padStart(2, '0')}` }));
    const serve: Handler = (req) => {
      const url = new URL(req.url, 'http://x');
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const after = url.searchParams.get('starting_after');
      const start = after ? all.findIndex((u) => u.id === after) + 1 : 0;
      const data = all.slice(start, start + limit);
      const more = start + limit < all.length;
      const next = new URLSearchParams(url.searchParams);
      next.set('starting_after', data[data.length - 1]?.id ?? '');
      return { status: 200, body: { data, pagination: { limit, order: 'desc', starting_after: after, ending_before: null,
        next_page: more ? `/v1/users?${next}` : null, next_uri: more ? `https://api.example.com/v1/users?${next}` : null,
        previous_page: null, previous_uri: null } } };
    };

    it('awaiting a list gives one page; iterating it walks every page once, keeping the filters', async () => {
      handler = serve;
      const f = Finos(KEY, { baseUrl });
      const page = await f.users.list({ limit: 7 });
      expect(page.data.map((u) => u.id)).toEqual(all.slice(0, 7).map((u) => u.id));
      expect(requests).toHaveLength(1);

      requests.length = 0;
      const seen: string[] = [];
      for await (const u of f.deposits.list({ limit: 7, status: 'pending' } as never)) seen.push((u as { id: string }).id);
      expect(seen).toEqual(all.map((u) => u.id));
      expect(requests.map((r) => r.url)).toEqual([
        '/v1/deposits?limit=7&status=pending',
        '/v1/deposits?limit=7&status=pending&starting_after=u11',
        '/v1/deposits?limit=7&status=pending&starting_after=u04',
      ]);
    });

    it('stops early without fetching further pages, and toArray caps the count', async () => {
      handler = serve;
      const f = Finos(KEY, { baseUrl });
      for await (const u of f.users.list({ limit: 5 })) if (u.id === 'u15') break;
      expect(requests).toHaveLength(1);
      requests.length = 0;
      expect((await f.users.list({ limit: 5 }).toArray(8)).map((u) => u.id)).toEqual(all.slice(0, 8).map((u) => u.id));
      expect(requests).toHaveLength(2);
    });

    it('rejects both the page and the iteration with the error of the first page', async () => {
      handler = () => ({ status: 401, body: { error: { type: 'authentication_error', message: 'bad key' } } });
      const f = Finos(KEY, { baseUrl });
      await expect(f.users.list()).rejects.toMatchObject({ status: 401, type: 'authentication_error' });
      await expect((async () => { for await (const _ of f.users.list()) void _; })()).rejects.toMatchObject({ status: 401 });
    });
  });
});

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

// ------------------------------------------------------------------ the package, from outside

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });

describe('the packed finos package, installed outside the repository', () => {
  let outside: string;
  let tarballFiles: string[];
  let packedManifest: Record<string, any>;

  beforeAll(() => {
    outside = mkdtempSync(join(tmpdir(), 'finos-node-sdk-'));
    // `npm pack` builds dist (prepack) and writes the tarball where we say.
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', outside], pkgDir)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const tarball = join(outside, packed[0]!.filename);
    tarballFiles = run('tar', ['-tzf', tarball], outside).trim().split('\n').sort();
    packedManifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], outside));
    const project = join(outside, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'outside-project', private: true, version: '1.0.0' }));
    run('npm', ['install', tarball, '--no-audit', '--no-fund', '--offline', '--no-package-lock'], project);
    outside = project;
  }, 600_000);
  afterAll(() => { if (outside) rmSync(resolve(outside, '..'), { recursive: true, force: true }); });

  it('ships only the compiled code, its types, package.json and README; no install scripts, no dependencies', () => {
    expect(tarballFiles).toContain('package/package.json');
    expect(tarballFiles).toContain('package/README.md');
    expect(tarballFiles).toContain('package/dist/esm/index.js');
    expect(tarballFiles).toContain('package/dist/esm/index.d.ts');
    expect(tarballFiles).toContain('package/dist/cjs/cjs.cjs');
    expect(tarballFiles).toContain('package/dist/cjs/cjs.d.cts');
    const other = tarballFiles.filter((f) => !/^package\/(package\.json|README\.md|LICENSE|dist\/(esm|cjs)\/[\w.-]+\.(js|cjs|d\.ts|d\.cts|json))$/.test(f));
    expect(other).toEqual([]);
    expect(tarballFiles.some((f) => /\.ts$/.test(f) && !/\.d\.c?ts$/.test(f))).toBe(false);
    expect(packedManifest.name).toBe('finos');
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(packedManifest.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([]);
    expect(packedManifest.dependencies ?? {}).toEqual({});
  });

  it('works with plain node 20 in both `import` and `require` forms', async () => {
    expect(run(SYSTEM_NODE, ['--version'], outside).trim()).toMatch(/^v(1[89]|[2-9]\d)\./);
    let seen: Recorded | undefined;
    const server = createServer((req, res) => {
      seen = { method: req.method!, url: req.url!, headers: req.headers, body: '' };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'acc_1', available_cash: '10.50' }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      writeFileSync(join(outside, 'esm.mjs'), [
        "import Finos, { FinosError, NotFoundError, verifyWebhookSignature } from 'finos';",
        'const account = await Finos(process.env.KEY, { baseUrl: process.env.URL }).accounts.fetch("acc_1");',
        'console.log(JSON.stringify({ account, error: typeof FinosError, nf: new NotFoundError({ status: 404, type: "not_found", message: "x" }) instanceof FinosError, verify: typeof verifyWebhookSignature }));',
      ].join('\n'));
      writeFileSync(join(outside, 'cjs.cjs'), [
        "const finos = require('finos')(process.env.KEY, { baseUrl: process.env.URL });",
        "const { FinosError, verifyWebhookSignature, default: viaDefault } = require('finos');",
        'finos.accounts.fetch("acc_1").then((account) => console.log(JSON.stringify({ account, error: typeof FinosError, verify: typeof verifyWebhookSignature, viaDefault: typeof viaDefault })));',
      ].join('\n'));
      for (const file of ['esm.mjs', 'cjs.cjs']) {
        seen = undefined;
        const out = await runScenario(SYSTEM_NODE, [file], { cwd: outside, env: { KEY, URL: url } });
        expect(out.code, out.stderr).toBe(0);
        const line = JSON.parse(out.stdout.trim());
        expect(line).toMatchObject({ account: { id: 'acc_1', available_cash: '10.50' }, error: 'function', verify: 'function' });
        if (file === 'esm.mjs') expect(line.nf).toBe(true);
        else expect(line.viaDefault).toBe('function');
        expect(seen!.url).toBe('/v1/accounts/acc_1');
        expect(seen!.headers.authorization).toBe(`Bearer ${KEY}`);
        expect(seen!.headers['user-agent']).toMatch(/^finos-node\/0\.1\.0 node\/v\d+/);
      }
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it('typechecks every Node docs sample, and typed ESM use, against the installed types', () => {
    const samplesDir = join(root, 'openapi', 'code_samples', 'node');
    const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.js'));
    expect(samples.length).toBeGreaterThan(60);
    mkdirSync(join(outside, 'samples'), { recursive: true });
    for (const f of samples) copyFileSync(join(samplesDir, f), join(outside, 'samples', f));
    writeFileSync(join(outside, 'samples', 'typed.mts'), [
      "import Finos, { FinosError, NotFoundError, verifyWebhookSignature, type User, type Order, type RequestOptions } from 'finos';",
      "const finos = Finos('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080', maxRetries: 1 });",
      "const options: RequestOptions = { idempotencyKey: 'k', timeout: 1000 };",
      "const user: User = await finos.users.create({ first_name: 'A', last_name: 'B', email_address: 'a@example.com' }, options);",
      "const order: Order = await finos.orders.fetch('o1');",
      'const quantity: string | null | undefined = order.filled_quantity;',
      'for await (const u of finos.users.list({ limit: 7 })) { const id: string = u.id; void id; }',
      "try { await finos.accounts.fetch('a'); } catch (e) { if (e instanceof NotFoundError && e instanceof FinosError) { const s: number = e.status; void s; } }",
      "const ok: boolean = verifyWebhookSignature('{}', 't=1,v1=00', 'sk_test_x');",
      '// @ts-expect-error money is a string, never a number',
      "await finos.deposits.create({ account_id: 'a', bank_account_id: 'b', amount: 100 });",
      'void user; void quantity; void ok;',
    ].join('\n'));
    writeFileSync(join(outside, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        allowJs: true, checkJs: true, noEmit: true, strict: true, skipLibCheck: false,
        module: 'node16', moduleResolution: 'node16', target: 'es2022', lib: ['es2022'],
        types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
      },
      include: ['samples/*.js', 'samples/*.mts'],
    }));
    let output = '';
    try {
      run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(outside, 'tsconfig.json')], outside);
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  });

  describe('the live scenario (test/sdk/scenario.md) through the installed package', () => {
    let live: Live;
    let scenario: ScenarioRun;
    const runId = `node${Date.now().toString(36)}`;

    beforeAll(async () => {
      live = await startLive(runId);
      copyFileSync(join(pkgDir, 'test', 'scenario.mjs'), join(outside, 'scenario.mjs'));
      scenario = await runScenario(SYSTEM_NODE, ['scenario.mjs'], { cwd: outside, env: live.env, timeoutMs: 180_000 });
    }, 240_000);
    afterAll(async () => { await live?.close(); });

    it('runs to the end', () => {
      expect(scenario.code, scenario.stderr).toBe(0);
      expect(scenario.steps.map((s) => s.step)).toEqual(['onboard', 'settle', 'paginate', 'not_found', 'replay', 'webhook', 'done']);
    });

    it('onboards a KYC-approved user with an account, a bank account and a pending deposit', () => {
      const s = scenario.step('onboard');
      expect(s).toMatchObject({ user_status: 'approved', deposit_status: 'pending' });
      for (const id of ['user_id', 'account_id', 'deposit_id']) expect(s[id]).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('settles the deposit on the sandbox clock and fills a fractional market order', async () => {
      const s = scenario.step('settle');
      expect(s).toMatchObject({ deposit_status: 'complete', order_status: 'filled', filled_quantity: '0.5', position_quantity: '0.5' });
      const order = await live.app.request('GET', `/v1/orders/${s.order_id}`);
      expect(order.body).toMatchObject({ status: 'filled', filled_quantity: '0.5', symbol: 'AAPL' });
    });

    it('lists every user with auto-pagination, no repeats', async () => {
      const s = scenario.step('paginate');
      expect(s.count).toBeGreaterThanOrEqual(26);
      expect(s.unique).toBe(s.count);
    });

    it('gets a typed 404', () => {
      expect(scenario.step('not_found')).toMatchObject({ error_class: 'NotFoundError', is_not_found: true, http_status: 404, type: 'not_found' });
    });

    it('replays a write whose answer was lost under the same key: one user, created by the dropped request', async () => {
      const s = scenario.step('replay');
      const found = await live.app.request('GET', `/v1/users/search?query=${encodeURIComponent(`replay-${runId}@example.com`)}`);
      expect(found.body.data.map((u: { id: string }) => u.id)).toEqual([s.user_id]);
      expect(live.proxy.dropped).toHaveLength(1);
      const dropped = live.proxy.dropped[0]!;
      expect(dropped).toMatchObject({ method: 'POST', path: '/v1/users', status: 201 });
      expect(dropped.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      const stored = await live.app.db.query<{ response_body: string }>(
        'SELECT response_body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [live.app.keys.tenantId, dropped.idempotencyKey]);
      expect(stored.rows.map((r) => JSON.parse(r.response_body).id)).toEqual([s.user_id]);
    });

    it('verifies a real webhook delivery with X-Finos-Signature (and the legacy header), and refuses a tampered body', async () => {
      const s = scenario.step('webhook');
      expect(s).toMatchObject({ header: 'X-Finos-Signature', verified: true, legacy_verified: true, tampered: false });
      let delivery: Record<string, unknown> | undefined;
      for (let i = 0; i < 200 && delivery?.status !== 'succeeded'; i++) {
        delivery = (await live.app.request('GET', `/v1/webhooks/${s.webhook_id}/deliveries`)).body.data.find((d: { event_id: string }) => d.event_id === s.event_id);
        if (delivery?.status !== 'succeeded') await new Promise((r) => setTimeout(r, 50));
      }
      expect(delivery).toMatchObject({ event_id: s.event_id, status: 'succeeded' });
    });

    it('runs the README quick start as written, ESM and CommonJS, against the sandbox', async () => {
      const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
      const [esm, cjs] = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!
        .replaceAll("'sk_test_yourkey'", 'process.env.FINOS_API_KEY')
        .replaceAll("'http://127.0.0.1:8080'", 'process.env.FINOS_BASE_URL')
        .replace('ada@example.com', `ada-readme-${runId}@example.com`));
      expect(esm).toContain("import Finos from 'finos'");
      expect(cjs).toContain("require('finos')(");
      writeFileSync(join(outside, 'readme-quickstart.mjs'), esm!);
      writeFileSync(join(outside, 'readme-quickstart.cjs'), cjs!);
      const a = await runScenario(SYSTEM_NODE, ['readme-quickstart.mjs'], { cwd: outside, env: live.env });
      expect(a.code, a.stderr).toBe(0);
      expect(a.stdout).toMatch(/^approved [0-9a-f-]{36} 0\.00$/m);
      const b = await runScenario(SYSTEM_NODE, ['readme-quickstart.cjs'], { cwd: outside, env: live.env });
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toMatch(/^AAPL \d+(\.\d+)?$/m);
    }, 120_000);
  });
});
