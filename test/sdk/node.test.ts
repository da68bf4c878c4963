// The Node SDK (client/node) as an integrator gets it: `npm pack`, installed into a project outside
// this repository and run with the machine's own node (not the project's), in `import` and
// `require` forms; every Node docs sample typechecked against the installed types; and the live
// scenario (scenario.md) against a real server through the installed package.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, startLive, type Live, type ScenarioRun } from './live.ts';
import { KEY, SYSTEM_NODE } from './node-support.ts';
import {
  expectNotFound, expectOnboarded, expectPaginated, expectRanToEnd, expectReplayed, expectSettled, expectWebhookVerified,
} from './scenario-checks.ts';

const root = resolve(import.meta.dirname, '..', '..');
const pkgDir = join(root, 'client', 'node');
interface Recorded { method: string; url: string; headers: IncomingMessage['headers']; body: string }

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
      expectRanToEnd(scenario);
    });

    it('onboards a KYC-approved user with an account, a bank account and a pending deposit', async () => {
      await expectOnboarded(live, scenario);
    });

    it('settles the deposit on the sandbox clock and fills a fractional market order', async () => {
      const s = await expectSettled(live, scenario);
      expect(s).toMatchObject({ filled_quantity: '0.5', position_quantity: '0.5' });
    });

    it('lists every user with auto-pagination, no repeats', async () => {
      await expectPaginated(live, scenario);
    });

    it('gets a typed 404', () => {
      expectNotFound(scenario, { error_class: 'NotFoundError', is_not_found: true });
    });

    it('replays a write whose answer was lost under the same key: one user, created by the dropped request', async () => {
      const { idempotencyKey } = await expectReplayed(live, scenario, runId);
      expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('verifies a real webhook delivery with X-Finos-Signature (and the legacy header), and refuses a tampered body', async () => {
      const { step: s } = await expectWebhookVerified(live, scenario);
      expect(s.event_id).toBeTruthy();
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
