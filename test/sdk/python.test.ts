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
import {
  expectNotFound, expectOnboarded, expectPaginated, expectRanToEnd, expectReplayed, expectSettled, expectWebhookVerified,
} from './scenario-checks.ts';

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
      expectRanToEnd(run);
    });

    it('onboards: an approved user, an account and a pending deposit', async () => {
      const s = await expectOnboarded(live, run);
      expect(s.amount).toBe('1000.00');
    });

    it('settles the deposit and fills a fractional market order', async () => {
      const s = await expectSettled(live, run);
      expect(s).toMatchObject({ filled_quantity: '0.5', position_quantity: '0.5', decimal_types: true });
    });

    it('lists every user once with auto-pagination', async () => {
      await expectPaginated(live, run);
      // Its replay and webhook steps name the two users made after the count.
      expect([run.step('replay').user_id, run.step('webhook').user_id].every(Boolean)).toBe(true);
    });

    it('raises a typed 404', () => {
      expectNotFound(run, { error_class: 'NotFoundError', is_finos_error: true });
    });

    it('replays a write whose answer was dropped: one user, the same Idempotency-Key', async () => {
      await expectReplayed(live, run, runId);
    });

    it('verifies a real webhook delivery and rejects a tampered body', async () => {
      const { step: s, delivery } = await expectWebhookVerified(live, run);
      expect(delivery.http_status).toBe(200);
      expect(s.event_type).toMatch(/^usertransition\./);
      expect(s.event_id).toBeTruthy();
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
