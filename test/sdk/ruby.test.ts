// The Ruby SDK (client/ruby): its minitest suite, the live scenario of scenario.md against a real
// server, every docs sample parsing with `ruby -c` and calling a method the SDK has, and every
// operation of the contract reachable from the SDK. Skips, saying why, where Ruby is missing
// (CI installs Debian's ruby).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkMethods, type Doc } from '../../scripts/sdk/operations.ts';
import { OUTPUT, render, singular } from '../../scripts/sdk/ruby.gen.ts';
import { runScenario, startLive, type Live, type ScenarioRun } from './live.ts';
import {
  expectNotFound, expectOnboarded, expectPaginated, expectRanToEnd, expectReplayed, expectSettled, expectWebhookVerified,
} from './scenario-checks.ts';

const root = resolve(import.meta.dirname, '..', '..');
const sdk = join(root, 'client', 'ruby');
const RUBY = process.env.RUBY ?? 'ruby';
const probe = spawnSync(RUBY, ['-e', 'exit(RUBY_VERSION >= "3.1" ? 0 : 1)'], { encoding: 'utf8' });
const hasRuby = probe.status === 0;
if (!hasRuby) console.warn(`test/sdk/ruby.test.ts skipped: no Ruby 3.1+ as \`${RUBY}\` (${probe.error?.message ?? probe.stderr?.trim() ?? 'exit ' + probe.status}); install Debian's ruby`);

const doc = JSON.parse(readFileSync(join(root, 'generated', 'openapi.json'), 'utf8')) as Doc;
const methods = sdkMethods(doc);
const ruby = (args: string[], input?: string) =>
  spawnSync(RUBY, args, { cwd: sdk, encoding: 'utf8', input, timeout: 120_000 });

describe.skipIf(!hasRuby)('Ruby SDK', () => {
  it('passes its minitest suite', () => {
    const run = ruby(['test/run.rb']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const summary = /(\d+) runs, (\d+) assertions, (\d+) failures, (\d+) errors/.exec(run.stdout);
    expect(summary, run.stdout).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThan(40);
    expect([summary![3], summary![4]]).toEqual(['0', '0']);
  });

  it('reaches every operation of the contract, from the client and in the reference style', () => {
    // The reference style's class of each resource: Finos::User, Finos::AssetClass, Finos::Sandbox, …
    const classes = Object.fromEntries(methods.map((m) => [m.resource, singular(m.resource)]));
    const script = `require "finos"
      classes = JSON.parse($stdin.read)
      c = Finos::Client.new("sk_test_x", base_url: "http://127.0.0.1:1")
      Finos::METHODS.each do |m|
        r, name = m.split(".")
        puts m if c.public_send(r).respond_to?(name) && Finos.const_get(classes.fetch(r)).respond_to?(name)
      end`;
    const run = ruby(['-Ilib', '-e', script], JSON.stringify(classes));
    expect(run.status, run.stderr).toBe(0);
    const reachable = run.stdout.trim().split('\n');
    const expected = methods.map((m) => `${m.resource}.${m.method}`);
    expect(reachable).toEqual(expected);
    // …and every operation of the contract is behind one of those methods.
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op: any) => op?.operationId).filter(Boolean));
    expect(methods.flatMap((m) => m.operations.map((o) => o.operationId)).sort()).toEqual(operations.sort());
    expect(singular('asset_classes')).toBe('AssetClass');
  });

  it('has generated code in sync with the contract', () => {
    const files = render(doc, methods);
    expect([...files.keys()]).toEqual([OUTPUT]);
    const text = files.get(OUTPUT)!;
    expect(readFileSync(join(root, OUTPUT), 'utf8')).toBe(text);
    expect(text).toContain('DO NOT EDIT');
    expect(ruby(['-c', join(root, OUTPUT)]).status).toBe(0);
  });

  it('parses every Ruby docs sample and README snippet, each calling a method the SDK has', () => {
    const known = new Set(methods.map((m) => `${m.resource}.${m.method}`));
    const dir = join(root, 'openapi', 'code_samples', 'ruby');
    const samples = readdirSync(dir).filter((f) => f.endsWith('.rb'));
    expect(samples.length).toBe(methods.reduce((n, m) => n + m.operations.length, 0));
    const scratch = mkdtempSync(join(tmpdir(), 'finos-ruby-docs-'));
    const files = samples.map((f) => join(dir, f));
    const readme = readFileSync(join(sdk, 'README.md'), 'utf8');
    [...readme.matchAll(/```ruby\n([\s\S]*?)```/g)].forEach((m, i) => {
      const file = join(scratch, `readme_${i}.rb`);
      writeFileSync(file, m[1]!);
      files.push(file);
    });
    expect(files.length).toBeGreaterThan(samples.length);
    for (const file of files) {
      const check = ruby(['-c', file]);
      expect(check.status, `${file}: ${check.stderr}`).toBe(0);
    }
    for (const f of samples) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).toContain("require 'finos'");
      const calls = [...text.matchAll(/client\.(\w+)\.(\w+)/g)].map((m) => `${m[1]}.${m[2]}`);
      expect(calls.length, f).toBeGreaterThan(0);
      for (const call of calls) expect(known.has(call), `${f} calls ${call}`).toBe(true);
    }
  });

  it('the Ruby code of the docs guides parses, and its webhook handler accepts a signed delivery and refuses a tampered one', () => {
    const blocks = readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md')).flatMap((f) =>
      [...readFileSync(join(root, 'docs', 'guides', f), 'utf8').matchAll(/```ruby\n([\s\S]*?)```/g)].map((m) => m[1]!));
    expect(blocks.length).toBeGreaterThan(0);
    const scratch = mkdtempSync(join(tmpdir(), 'finos-ruby-guides-'));
    blocks.forEach((code, i) => {
      expect(code).not.toMatch(/OpenSSL::HMAC/);
      writeFileSync(join(scratch, `guide_${i}.rb`), code);
      const check = ruby(['-c', join(scratch, `guide_${i}.rb`)]);
      expect(check.status, `${code}\n${check.stderr}`).toBe(0);
    });
    const handler = blocks.find((b) => b.includes('def handle_finos_webhook'));
    expect(handler, 'the webhooks guide defines handle_finos_webhook').toBeDefined();
    writeFileSync(join(scratch, 'handler.rb'), handler!);
    const body = JSON.stringify({ id: 'evt_1', type: 'user.created', data: { object: { id: 'u1' } } });
    const key = 'sk_test_guide';
    const program = `
      require 'openssl'
      WEBHOOK_QUEUE = []
      require ${JSON.stringify(join(scratch, 'handler.rb'))}
      body = ${JSON.stringify(body)}
      t = Time.now.to_i
      header = "t=#{t},v1=#{OpenSSL::HMAC.hexdigest('SHA256', 'test_guide', "#{t}.#{body}")}"
      legacy = OpenSSL::HMAC.hexdigest('SHA1', 'test_guide', body)
      puts handle_finos_webhook(body, header), handle_finos_webhook(body, legacy)
      puts handle_finos_webhook(body.sub('u1', 'u2'), header), handle_finos_webhook(body, nil)
      puts WEBHOOK_QUEUE.size, WEBHOOK_QUEUE.first.type
    `;
    const run = spawnSync(RUBY, ['-I', join(sdk, 'lib'), '-e', program], { encoding: 'utf8', env: { ...process.env, FINOS_SECRET_KEY: key }, timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['200', '200', '400', '400', '2', 'user.created']);
  });

  describe('live scenario', () => {
    let live: Live;
    let run: ScenarioRun;
    // Letters only: the user search also matches the query's digits against phone numbers.
    const runId = `rb${randomUUID().replace(/[^a-f]/g, '').slice(0, 8)}`;

    beforeAll(async () => {
      live = await startLive(runId);
      run = await runScenario(RUBY, ['-Ilib', 'examples/live_scenario.rb'], { cwd: sdk, env: live.env, timeoutMs: 180_000 });
    }, 240_000);
    afterAll(async () => {
      await live?.close();
    });

    it('runs to the end', () => {
      expectRanToEnd(run);
    });

    it('onboards a user with an account, a bank account and a deposit', async () => {
      const s = await expectOnboarded(live, run);
      expect(s).toMatchObject({ deposit_amount: '100.0', amount_class: 'BigDecimal' });
    });

    it('settles the deposit on the sandbox clock and fills a fractional market order', async () => {
      const s = await expectSettled(live, run);
      expect(s).toMatchObject({ filled_quantity: '0.5', quantity_class: 'BigDecimal', position_quantity: '0.5' });
    });

    it('lists every user across pages with auto-pagination', async () => {
      await expectPaginated(live, run);
    });

    it('raises the typed not-found error', () => {
      expectNotFound(run, { error_class: 'Finos::NotFoundError' });
    });

    it('replays a write whose answer was dropped: one user, one idempotency key', async () => {
      const { step: s, idempotencyKey } = await expectReplayed(live, run, runId);
      expect(idempotencyKey).toBe(s.idempotency_key);
      expect(s.replayed).toBe('true');
    });

    it('verifies a real webhook delivery and refuses a tampered body', async () => {
      const { step: s } = await expectWebhookVerified(live, run);
      expect(s).toMatchObject({ object_class: 'Finos::User' });
      expect(s.event_type).toMatch(/^usertransition\./);
    });

    it('runs the README quick start and the reference-style snippet as written against the sandbox', async () => {
      const readme = readFileSync(join(sdk, 'README.md'), 'utf8');
      const [quick, reference] = [...readme.matchAll(/```ruby\n([\s\S]*?)```/g)].map((m) => m[1]!
        .replaceAll("'sk_test_yourkey'", "ENV.fetch('FINOS_API_KEY')")
        .replaceAll("'http://127.0.0.1:8080'", "ENV.fetch('FINOS_BASE_URL')")
        .replace('ada@example.com', `ada-readme-${runId}@example.com`));
      expect(quick).toContain('Finos::Client.new(');
      expect(reference).toContain('Finos::Account.fetch(');
      const scratch = mkdtempSync(join(tmpdir(), 'finos-ruby-readme-'));
      const file = join(scratch, 'quickstart.rb');
      writeFileSync(file, `${quick}\naccount_id = account.id\n${reference}\nputs account.id == account_id, account.available_cash.class, quote.symbol\n`);
      const r = await runScenario(RUBY, ['-Ilib', file], { cwd: sdk, env: live.env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n')).toEqual(['approved', expect.stringMatching(/^[0-9a-f-]{36}$/), '0.0', 'true', 'BigDecimal', 'AAPL']);
    }, 120_000);
  });
});
