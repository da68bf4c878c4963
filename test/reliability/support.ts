// Shared pieces of the reliability suite: a seeded PRNG, the contract's operations with their
// parameters and body schemas resolved, a value generator driven by those schemas (valid,
// boundary and schema-violating), and the fixtures that give path parameters real ids.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { randomBytes, randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp, TestResponse } from '../helpers/app.ts';
import { cashAccount, person } from '../identity/support.ts';
import { addMonths, nyDate } from '../../server/domain/calendar.ts';
import { ny } from '../money/support.ts';
import { tradingTuesday } from '../orders/support.ts';

export { cashAccount, person };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
export const SPEC = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'generated', 'openapi.json'), 'utf8')) as Spec;

type Schema = Record<string, any>;
interface Spec {
  paths: Record<string, Record<string, any>>;
  components: Record<string, Record<string, any>>;
}

/** The run's seed: FINOS_FUZZ_SEED reproduces a run; otherwise a fixed default keeps CI stable. */
export function fuzzSeed(): number {
  const s = process.env.FINOS_FUZZ_SEED;
  return s && /^\d+$/.test(s) ? Number(s) : 20261121;
}

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
}

export function deref(node: any): any {
  let n = node;
  for (let i = 0; n && typeof n === 'object' && typeof n.$ref === 'string' && i < 20; i++) {
    const parts = (n.$ref as string).replace(/^#\//, '').split('/').map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
    const sibling = { ...n };
    delete sibling.$ref;
    let t: any = SPEC;
    for (const p of parts) t = t[p];
    n = Object.keys(sibling).length ? { ...t, ...sibling } : t;
  }
  return n;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
  example?: unknown;
}

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  params: Param[];
  body: Schema | null;
  bodyExamples: unknown[];
}

export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(SPEC.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref).map((p: any) => ({
        name: p.name, in: p.in, required: !!p.required, schema: deref(p.schema ?? {}), example: p.example ?? p.schema?.example,
      }));
      const media = deref(op.requestBody)?.content?.['application/json'];
      const examples = Object.values(media?.examples ?? {}).map((e: any) => deref(e).value).filter((v) => v !== undefined);
      if (media?.example !== undefined) examples.push(media.example);
      out.push({ method: method.toUpperCase(), template, operationId: op.operationId, params, body: media ? deref(media.schema) : null, bodyExamples: examples });
    }
  }
  return out;
}

let ajv: Ajv2020 | null = null;
const validators = new Map<Schema, ValidateFunction>();
/** Does a value pass the contract's schema (what the server's validator will say)? */
export function conforms(schema: Schema, value: unknown): boolean {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema(SPEC as object, 'openapi.json');
  }
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(rewriteRefs(schema));
    validators.set(schema, v);
  }
  return v(value);
}

function rewriteRefs(node: any): any {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `openapi.json${v}` : rewriteRefs(v);
  return out;
}

// ---------- values ----------

export const ODD_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '😀'.repeat(50), 'مرحبا', 'ｆｕｌｌｗｉｄｔｈ', 'e\u0301', '\u202e', '<script>alert(1)</script>',
  "' OR 1=1 --", '%00', '../../etc/passwd', '${jndi:ldap://x}', 'NaN', '-0', '1e309', 'null', 'true', '{}', '[]', '\r\n\r\n', 'x'.repeat(10_000),
];
export const ODD_NUMBERS = [0, -0, -1, 1, 0.5, -0.000001, 1e-320, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 123456789012345.67];
const WRONG_TYPES: unknown[] = [null, true, false, 0, -1, 1.5, 'string', '', [], [1, 'a'], {}, { nested: { deeper: [null] } }];

function typesOf(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return [s.type];
  if (s.properties || s.required) return ['object'];
  if (s.items) return ['array'];
  if (s.enum) return [typeof s.enum[0]];
  return [];
}

/** A value meant to pass the schema: the example when there is one, else built from the keywords. */
export function validValue(schemaIn: Schema, rng: Rng, odd = false, depth = 0): unknown {
  const s = deref(schemaIn);
  if (!s || depth > 8) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum) return rng.pick(s.enum);
  const variants = s.oneOf ?? s.anyOf;
  if (variants && !s.properties) return validValue(rng.pick(variants), rng, odd, depth + 1);
  if (s.allOf && !s.properties) return Object.assign({}, ...s.allOf.map((x: Schema) => validValue(x, rng, odd, depth + 1)));
  const examples = [s.example, ...(s.examples ?? [])].filter((x) => x !== undefined);
  const t = typesOf(s).filter((x) => x !== 'null');
  const type = t.length ? rng.pick(t) : 'string';
  if (typesOf(s).includes('null') && odd && rng.bool(0.2)) return null;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [k, sub] of Object.entries<Schema>(s.properties ?? {})) {
        if (!required.has(k) && rng.bool(odd ? 0.5 : 0.3)) continue;
        const v = validValue(sub, rng, odd, depth + 1);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.min(s.maxItems ?? min + 3, min + 20);
      const n = odd ? rng.pick([min, max]) : rng.int(min, Math.max(min, Math.min(max, min + 2)));
      const items = Array.from({ length: n }, () => validValue(s.items ?? {}, rng, odd, depth + 1));
      return s.uniqueItems ? [...new Map(items.map((x) => [JSON.stringify(x), x])).values()] : items;
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (type === 'integer' ? 1 : 0.01) : -1000);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (type === 'integer' ? 1 : 0.01) : 1e6);
      if (examples.length && !odd) return examples[0];
      const v = odd ? rng.pick([lo, hi, lo, hi, (lo + hi) / 2]) : lo + rng.next() * (hi - lo);
      return type === 'integer' ? Math.round(v) : Number(v.toFixed(s.multipleOf ? 2 : 6));
    }
    case 'boolean':
      return rng.bool();
    default:
      return stringValue(s, rng, odd, examples);
  }
}

function stringValue(s: Schema, rng: Rng, odd: boolean, examples: unknown[]): string {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 64;
  if (s.format === 'uuid') return crypto.randomUUID();
  if (s.format === 'date') return odd ? rng.pick(['1900-01-01', '2000-02-29', '2099-12-31']) : '1985-01-23';
  if (s.format === 'date-time') return odd ? rng.pick(['1970-01-01T00:00:00Z', '2099-12-31T23:59:59.999Z', '2000-02-29T12:00:00+14:00']) : new Date().toISOString();
  if (s.format === 'email') return odd ? `${'a'.repeat(Math.max(1, Math.min(64, max - 12)))}@example.com` : 'fuzz@example.com';
  if (s.format === 'uri') return odd ? 'https://example.com/' + 'p'.repeat(Math.max(0, Math.min(200, max - 30))) : 'https://example.com/hook';
  if (s.pattern || examples.length) {
    if (typeof examples[0] === 'string') return examples[0];
    return patternValue(s.pattern, min, max, rng);
  }
  if (!odd) return 'x'.repeat(Math.max(min, Math.min(max, 8)));
  const alphabet = ['a', 'é', '😀', ' ', 'Z', '中', "'", '"', '\\'];
  const len = rng.pick([min || 1, max]);
  let out = '';
  while ([...out].length < len) out += rng.pick(alphabet);
  return [...out].slice(0, len).join('').trim() || 'x';
}

/** Enough for the contract's patterns: character classes with counts, and literals. */
function patternValue(pattern: string | undefined, min: number, max: number, rng: Rng): string {
  if (!pattern) return 'x'.repeat(Math.max(1, min));
  let out = '';
  const re = /(\[[^\]]+\]|\\d|\\w|\\.|[^\\[^$(){}+*?|])(\{(\d+)(?:,(\d*))?\}|\+|\*|\?)?/g;
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '').replace(/\(\?:|\(|\)/g, '').split('|')[0]!;
  for (const m of body.matchAll(re)) {
    const [, atom, quant, a, b] = m;
    let n = 1;
    if (quant === '+') n = 1;
    else if (quant === '*' || quant === '?') n = 0;
    else if (a) n = b === undefined ? Number(a) : Number(a);
    for (let i = 0; i < n; i++) out += charFor(atom!, rng);
  }
  while (out.length < min) out += 'A';
  return out.slice(0, Math.max(max, 1));
}

function charFor(atom: string, rng: Rng): string {
  if (atom === '\\d') return String(rng.int(0, 9));
  if (atom === '\\w') return 'a';
  if (atom.startsWith('\\')) return atom.slice(1);
  if (atom.startsWith('[')) {
    const cls = atom.slice(1, -1);
    const range = /([A-Za-z0-9])-([A-Za-z0-9])/.exec(cls);
    if (range) return String.fromCharCode(rng.int(range[1]!.charCodeAt(0), range[2]!.charCodeAt(0)));
    return cls.replace(/\\/g, '')[0] ?? 'a';
  }
  return atom;
}

/** A value that breaks the schema (or probes its edges): wrong type, odd string or number. */
export function badValue(schemaIn: Schema, rng: Rng): unknown {
  const s = deref(schemaIn) ?? {};
  const t = typesOf(s);
  const choices: Array<() => unknown> = [
    () => rng.pick(WRONG_TYPES),
    () => rng.pick(ODD_STRINGS),
    () => rng.pick(ODD_NUMBERS),
  ];
  if (t.includes('string')) {
    if (s.maxLength !== undefined) choices.push(() => 'y'.repeat(s.maxLength + 1));
    if (s.minLength) choices.push(() => 'y'.repeat(s.minLength - 1));
    if (s.enum) choices.push(() => String(s.enum[0]).toUpperCase() + ' ');
    if (s.format) choices.push(() => `not-a-${s.format}`, () => (s.format === 'date' ? rng.pick(['2023-02-30', '0000-00-00', '99999-01-01']) : '2023-13-45T25:61:61Z'));
  }
  if (t.includes('integer') || t.includes('number')) {
    if (s.minimum !== undefined) choices.push(() => s.minimum - 1);
    if (s.maximum !== undefined) choices.push(() => s.maximum + 1);
    choices.push(() => String(rng.pick(ODD_NUMBERS)));
  }
  if (t.includes('array')) choices.push(() => Array.from({ length: (s.maxItems ?? 1000) + 1 }, () => 'x'), () => [rng.pick(WRONG_TYPES)]);
  if (t.includes('object')) choices.push(() => ({ unexpected: 1 }), () => ({}));
  return rng.pick(choices)();
}

/** Mutates one place (random depth) of a body: removes, retypes or adds a field. */
export function mutateBody(schemaIn: Schema, body: unknown, rng: Rng): unknown {
  const s = deref(schemaIn) ?? {};
  if (!body || typeof body !== 'object' || Array.isArray(body) || !s.properties) return badValue(s, rng);
  const out = structuredClone(body) as Record<string, unknown>;
  const keys = Object.keys(s.properties);
  const action = rng.int(0, 5);
  if (action === 0 && s.required?.length) delete out[rng.pick(s.required as string[])];
  else if (action === 1) out[rng.pick(['extra', '__proto__', 'constructor', 'id', 'tenant_id', 'x'.repeat(300)])] = rng.pick(WRONG_TYPES);
  else if (keys.length) {
    const k = rng.pick(keys);
    const sub = deref(s.properties[k]);
    out[k] = action === 2 && out[k] && typeof out[k] === 'object' && sub?.properties ? mutateBody(sub, out[k], rng) : badValue(sub, rng);
  }
  return out;
}

// ---------- fixtures and checks ----------

export const seedsBank = { bank_account_number: '4327843043', bank_routing_number: '121042882', bank_account_nickname: 'Joe checking' };

export interface Fixtures {
  user_id: string;
  account_id: string;
  bank_account_id: string;
  webhook_id: string;
  event_id: string;
  token: string;
  symbol: string;
  range: string;
  /** An open limit order (far below the market) in `account_id`, which also holds a position. */
  order_id: string;
  [k: string]: string;
}

/** One of everything the implemented routes take as a path parameter, owned by `key`'s tenant. */
export async function makeFixtures(app: TestApp, key: string): Promise<Fixtures> {
  const ok = (r: TestResponse, what: string) => {
    expect(r.status, `${what}: ${r.text}`).toBeLessThan(300);
    return r.body;
  };
  const user = ok(await app.request('POST', '/v1/users', { key, body: person('6789') }), 'user');
  // A user whose KYC waits for a document, so the token routes have something to act on.
  const pending = ok(await app.request('POST', '/v1/users', { key, body: person('0003') }), 'pending user');
  const account = ok(await app.request('POST', `/v1/users/${user.id}/accounts`, { key, body: cashAccount }), 'account');
  const bank = ok(await app.request('POST', `/v1/users/${user.id}/bank_accounts`, { key, body: seedsBank }), 'bank account');
  const hook = ok(await app.request('POST', '/v1/webhooks', { key, body: { name: 'fuzz', config: { url: 'http://127.0.0.1:9/hook' } } }), 'webhook');
  // Trading: a deposit made on a Monday settles by Tuesday 10:00 New York, where the tenant's clock
  // then stays (frozen, in a session), so orders placed by the fuzzer really work. A market buy
  // fills (a position), a limit buy far below the market rests (the open order of `order_id`).
  const advance = async (to: Date) => ok(await app.request('POST', '/v1/sandbox/clock/advance', { key, body: { to: to.toISOString() } }), 'clock advance');
  // A statement: a deposit this month, then the clock past the month end (01:00 New York on the 1st).
  ok(await app.request('POST', '/v1/deposits', { key, body: { account_id: account.id, bank_account_id: bank.id, amount: '100.00' } }), 'first deposit');
  const firstOfNext = ny(addMonths(`${nyDate(new Date()).slice(0, 7)}-01`, 1), '01:00');
  await advance(firstOfNext);
  const statements = ok(await app.request('GET', `/v1/statements?account_id=${account.id}`, { key }), 'statements');
  expect(statements.data.length, 'the fixture account has a statement').toBeGreaterThan(0);
  // Managed investing: a class and a portfolio of this tenant's own (every tenant has the defaults).
  const tag = crypto.randomUUID().slice(0, 8);
  const assetClass = ok(await app.request('POST', '/v1/asset_classes', { key, body: { id: `fuzz-${tag}`, name: `Fuzz ${tag}`, primary: 'VTI', secondary: ['SCHB'] } }), 'asset class');
  const portfolio = ok(await app.request('POST', '/v1/portfolios', {
    key, body: { name: `fuzz ${tag}`, allocations: [{ asset_class_id: assetClass.id, weight: '60' }, { asset_class_id: 'corporate-bonds', weight: '40' }] },
  }), 'portfolio');
  const days = tradingTuesday(firstOfNext);
  await advance(ny(days.monday, '08:00'));
  ok(await app.request('POST', '/v1/deposits', { key, body: { account_id: account.id, bank_account_id: bank.id, amount: '1000.00' } }), 'deposit');
  await advance(ny(days.tuesday, '10:00'));
  const filled = ok(await app.request('POST', '/v1/orders', { key, body: { account_id: account.id, symbol: 'AAPL', quantity: '0.5', side: 'buy', type: 'market' } }), 'market order');
  expect(filled.status, 'the fixture market order fills').toBe('filled');
  const resting = ok(await app.request('POST', '/v1/orders', {
    key, body: { account_id: account.id, symbol: 'AAPL', quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00', time_in_force: 'gtc' },
  }), 'limit order');
  const positions = ok(await app.request('GET', `/v1/accounts/${account.id}/positions`, { key }), 'positions');
  expect(positions.data.length, 'the fixture account holds a position').toBeGreaterThan(0);
  const events = ok(await app.request('GET', '/v1/events', { key }), 'events');
  return {
    user_id: user.id, account_id: account.id, bank_account_id: bank.id, webhook_id: hook.id,
    event_id: events.data[0]?.id ?? crypto.randomUUID(), token: pending.kyc_token ?? crypto.randomUUID(),
    symbol: 'AAPL', range: '1m', order_id: resting.id,
    asset_class_id: assetClass.id, portfolio_id: portfolio.id, statement_id: statements.data[0].id,
  };
}

/** Every answer the server may give a fuzzed request: a 4xx in the error shape, or a 2xx. */
export function checkAnswer(r: TestResponse, what: string): string | null {
  if (r.status >= 500 || r.status < 200) return `${what} → ${r.status} ${r.text.slice(0, 300)}`;
  if (r.status >= 400) {
    const e = (r.body as any)?.error;
    if (!(r.header('content-type') ?? '').includes('application/json') || typeof e?.type !== 'string' || typeof e?.message !== 'string') {
      return `${what} → ${r.status} not in the error shape: ${r.text.slice(0, 300)}`;
    }
  }
  return null;
}

/** Runs tasks with bounded concurrency, in order of start. */
export async function pool<T>(items: T[], width: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

// ---------- the real server process ----------

export interface ServerProcess {
  proc: import('node:child_process').ChildProcess;
  url: string;
  /** Printed on first start of an empty sandbox database. */
  secret: string | null;
  output(): string;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** `tsx server/cli.ts serve` with `env`; resolves once it logs that it listens. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const { spawn } = await import('node:child_process');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const poll = setInterval(() => {
      const m = /Finos listening on (https?:\/\/[^\s"]+)/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    proc,
    url,
    secret: /secret key:\s+(sk_\S+)/.exec(out)?.[1] ?? null,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

// ---------- planted secrets ----------

export interface Planted {
  secrets: string[];
  /** Plain values stored in clear on purpose (emails): proof that the search does see row data. */
  visible: string[];
}

/** Users with SSNs, bank accounts with numbers, a webhook with a password; returns every clear value. */
export async function plant(request: (m: string, p: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>, keys: string[]): Promise<Planted> {
  const secrets = [...keys];
  const visible: string[] = [];
  for (let i = 0; i < 3; i++) {
    const p = person(i === 0 ? '0002' : '6789', { ssn_number: `8${randomInt(1000, 9999)}${i === 0 ? '0002' : '6789'}` });
    const u = await request('POST', '/v1/users', p);
    expect(u.status, u.text).toBe(201);
    visible.push(p.email_address);
    secrets.push(p.ssn_number, `${p.ssn_number.slice(0, 3)}-${p.ssn_number.slice(3, 5)}-${p.ssn_number.slice(5)}`);
    const bankNumber = `9${randomInt(10_000_000, 99_999_999)}${randomInt(100, 999)}`;
    const b = await request('POST', `/v1/users/${u.body.id}/bank_accounts`, { bank_account_number: bankNumber, bank_routing_number: '121042882', bank_account_nickname: 'checking' });
    expect(b.status, b.text).toBe(201);
    secrets.push(bankNumber);
    // An update carries the SSN again (a second write path).
    const again = await request('PUT', `/v1/users/${u.body.id}`, { ssn_number: p.ssn_number });
    expect(again.status, again.text).toBeLessThan(300);
  }
  const password = `pw_${randomBytes(12).toString('hex')}`;
  const w = await request('POST', '/v1/webhooks', { name: 'h', config: { url: 'http://127.0.0.1:9/x', basic_auth_username: 'u', basic_auth_password: password } });
  expect(w.status, w.text).toBe(201);
  secrets.push(password);
  return { secrets, visible };
}

