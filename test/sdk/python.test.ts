// The Python SDK (client/python): its unittest suite, the live scenario (scenario.md) against a
// real server with the server-side checks, the docs' Python samples compiling, and every
// operation of the contract reachable as a generated method.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sdkMethods, type Doc } from '../../scripts/sdk/operations.ts';
import { PYTHON_MODELS_FILE, PYTHON_RESOURCES_FILE, renderModels, renderPython } from '../../scripts/sdk/python.gen.ts';
import { runScenario, startLive, type Live, type ScenarioRun } from './live.ts';

const PYTHON = process.env.PYTHON ?? 'python3';
const SDK = join(ROOT, 'client', 'python');
const hasPython = spawnSync(PYTHON, ['-c', 'import sys; assert sys.version_info >= (3, 9)']).status === 0;
const doc = JSON.parse(readFileSync(join(ROOT, 'generated', 'openapi.json'), 'utf8')) as Doc;

/** Runs each sample file given with every client pointed at a stub that answers 200 to anything. */
const RUN_SAMPLES = `
import contextlib, io, json, runpy, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import finos

class Stub(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"%PDF-1.4" if self.path.split("?")[0].endswith("/pdf") else json.dumps(
            {"data": [], "pagination": {"next_page": None, "next_uri": None}}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
threading.Thread(target=server.serve_forever, daemon=True).start()
stub = "http://127.0.0.1:%d" % server.server_address[1]
made = finos.Client.__init__
def pointed(self, *args, **kwargs):
    kwargs["base_url"] = stub
    made(self, *args, **kwargs)
finos.Client.__init__ = pointed
for path in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            runpy.run_path(path, run_name="__main__")
        except Exception as err:
            raise SystemExit("%s: %r" % (path, err))
print("ran %d" % (len(sys.argv) - 1))
`;

/** The README's Python code blocks. */
const readmeBlocks = () => [...readFileSync(join(SDK, 'README.md'), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);

const python = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PYTHONPATH: SDK, ...env }, timeout: 120_000 });

describe.skipIf(!hasPython)('Python SDK', () => {
  if (!hasPython) console.warn(`Python SDK tests skipped: ${PYTHON} (3.9 or later) is not on this machine`);

  it('passes its own unittest suite', () => {
    const run = python(['-m', 'unittest', 'discover', '-s', join(SDK, 'tests')]);
    expect(run.status, run.stderr).toBe(0);
    const ran = /Ran (\d+) tests?/.exec(run.stderr);
    expect(Number(ran?.[1] ?? 0)).toBeGreaterThan(50);
  });

  it('has the generated modules in sync with the contract', () => {
    expect(readFileSync(join(ROOT, PYTHON_RESOURCES_FILE), 'utf8')).toBe(renderPython(doc, sdkMethods(doc)));
    expect(readFileSync(join(ROOT, PYTHON_MODELS_FILE), 'utf8')).toBe(renderModels(doc, sdkMethods(doc)));
  });

  it('reaches every operation of the contract through a method of the client and of the module style', () => {
    const listing = python(['-c', `
import inspect, json, finos
from finos import _resources
client = finos.Client("sk_x")
singular = {getattr(_resources, n)._resource: getattr(finos, n) for n in _resources.__all__ if not n.endswith("Resource")}
out = []
for resource, method, op_id, http_method, path in _resources.OPERATIONS:
    fn = getattr(getattr(client, resource), method)
    out.append({"resource": resource, "method": method, "operationId": op_id,
                "callable": callable(fn) and callable(getattr(singular[resource], method)),
                "documented": path in (inspect.getdoc(fn) or "")})
print(json.dumps(out))
`]);
    expect(listing.status, listing.stderr).toBe(0);
    const found = JSON.parse(listing.stdout) as Array<{ resource: string; method: string; operationId: string; callable: boolean; documented: boolean }>;
    const expected = sdkMethods(doc).flatMap((m) => m.operations.map((op) => `${m.resource}.${m.method} ${op.operationId}`)).sort();
    expect(found.map((f) => `${f.resource}.${f.method} ${f.operationId}`).sort()).toEqual(expected);
    expect(found.filter((f) => !f.callable || !f.documented)).toEqual([]);
    const operationIds = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op: any) => op?.operationId).filter(Boolean));
    expect(new Set(found.map((f) => f.operationId))).toEqual(new Set(operationIds));
  });

  it('has docs samples that are SDK calls and compile', () => {
    const dir = join(ROOT, 'openapi', 'code_samples', 'python');
    const files = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
    expect(files.length).toBe(sdkMethods(doc).reduce((n, m) => n + m.operations.length, 0));
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).toMatch(/^import finos$/m);
      expect(text, f).not.toMatch(/requests|urllib/);
    }
    const cache = mkdtempSync(join(tmpdir(), 'finos-py-'));
    try {
      const compile = python(['-m', 'py_compile', ...files.map((f) => join(dir, f))], { PYTHONPYCACHEPREFIX: cache });
      expect(compile.status, compile.stderr).toBe(0);
      // Each sample also runs, against a stub that answers every call, so a method or keyword
      // the SDK does not have fails here.
      const run = spawnSync(PYTHON, ['-c', RUN_SAMPLES, ...files.map((f) => join(dir, f))],
        { cwd: cache, encoding: 'utf8', env: { ...process.env, PYTHONPATH: SDK, PYTHONPYCACHEPREFIX: cache }, timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(`ran ${files.length}`);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('has README examples that compile', () => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const run = spawnSync(PYTHON, ['-c', 'import json, sys\nfor i, src in enumerate(json.load(sys.stdin)):\n    compile(src, "README block %d" % i, "exec")'],
      { input: JSON.stringify(blocks), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });

  describe('live scenario', () => {
    let live: Live;
    let run: ScenarioRun;
    const runId = `py${Date.now().toString(36)}`;
    beforeAll(async () => {
      live = await startLive(runId);
      run = await runScenario(PYTHON, [join(SDK, 'examples', 'live_scenario.py')], {
        cwd: ROOT, env: { ...live.env, PYTHONPATH: SDK }, timeoutMs: 180_000,
      });
    }, 240_000);
    afterAll(async () => {
      await live?.close();
    });

    it('runs to the end', () => {
      expect(run.code, run.stderr).toBe(0);
      expect(run.steps.at(-1)?.step).toBe('done');
    });

    it('onboards: an approved user, an account and a pending deposit', () => {
      const s = run.step('onboard');
      expect(s.user_status).toBe('approved');
      expect(s.account_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.deposit_status).toBe('pending');
      expect(s.amount).toBe('1000.00');
    });

    it('settles the deposit and fills a fractional market order', async () => {
      const s = run.step('settle');
      expect(s.deposit_status).toBe('complete');
      expect(s.order_status).toBe('filled');
      expect(s.filled_quantity).toBe('0.5');
      expect(s.position_quantity).toBe('0.5');
      expect(s.decimal_types).toBe(true);
      const order = await live.app.request('GET', `/v1/orders/${s.order_id}`);
      expect(order.body.status).toBe('filled');
    });

    it('lists every user once with auto-pagination', async () => {
      const s = run.step('paginate');
      let total = 0;
      let path: string | null = '/v1/users?limit=100';
      while (path) {
        const page: any = await live.app.request('GET', path);
        total += page.body.data.length;
        path = page.body.pagination.next_page;
      }
      // The replay and webhook steps each create one user after this step listed them.
      const later = [run.step('replay').user_id, run.step('webhook').user_id];
      expect(later.every(Boolean)).toBe(true);
      expect(total - later.length).toBeGreaterThanOrEqual(26);
      expect(s.count).toBe(total - later.length);
      expect(s.unique).toBe(s.count);
    });

    it('raises a typed 404', () => {
      const s = run.step('not_found');
      expect(s).toMatchObject({ error_class: 'NotFoundError', http_status: 404, type: 'not_found', is_finos_error: true });
    });

    it('replays a write whose answer was dropped: one user, the same Idempotency-Key', async () => {
      const s = run.step('replay');
      const found = await live.app.request('GET', `/v1/users/search?query=${encodeURIComponent(`replay-${runId}@example.com`)}`);
      expect(found.status).toBe(200);
      expect(found.body.data.map((u: { id: string }) => u.id)).toEqual([s.user_id]);
      expect(live.proxy.dropped).toHaveLength(1);
      const dropped = live.proxy.dropped[0]!;
      expect(dropped).toMatchObject({ method: 'POST', path: '/v1/users', status: 201 });
      expect(dropped.idempotencyKey).toBeTruthy();
      const stored = await live.app.db.query<{ response_status: number; response_body: string }>(
        'SELECT response_status, response_body FROM idempotency_keys WHERE key = $1', [dropped.idempotencyKey]);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0]!.response_status).toBe(201);
      expect(JSON.parse(stored.rows[0]!.response_body).id).toBe(s.user_id);
    });

    it('verifies a real webhook delivery and rejects a tampered body', async () => {
      const s = run.step('webhook');
      expect(s).toMatchObject({ verified: true, tampered: false, header: 'X-Finos-Signature', legacy_verified: true });
      expect(s.event_type).toMatch(/^usertransition\./);
      // The server records the outcome once the receiver's answer is in; give it a moment.
      let delivery: { status: string; http_status: number | null } | undefined;
      for (let i = 0; i < 50; i++) {
        const deliveries = await live.app.request('GET', `/v1/webhooks/${s.webhook_id}/deliveries`);
        expect(deliveries.status).toBe(200);
        delivery = deliveries.body.data.find((d: { event_id: string }) => d.event_id === s.event_id);
        if (delivery?.status !== 'pending') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(delivery).toMatchObject({ status: 'succeeded', http_status: 200 });
    });

    // Last: it adds a user, which the pagination check above does not expect.
    it('runs the README quick start as written, against the sandbox', async () => {
      const quickStart = readmeBlocks()[0]!
        .replaceAll('sk_test_yourkey', live.env.FINOS_API_KEY!)
        .replaceAll('http://127.0.0.1:8080', live.env.FINOS_BASE_URL!)
        .replaceAll('ada@example.com', `ada-${runId}@example.com`);
      // Asynchronously: the server answering it runs in this process.
      const run = await runScenario(PYTHON, ['-c', quickStart], { cwd: ROOT, env: { PYTHONPATH: SDK }, timeoutMs: 60_000 });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n')).toEqual([expect.stringMatching(/ approved$/), `ada-${runId}@example.com`, '100.01']);
    });
  });
});
