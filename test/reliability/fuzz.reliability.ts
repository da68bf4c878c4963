// Fuzzes every operation of the contract against the real app (PGlite): schema-violating,
// boundary and random inputs, with a secret key, a publishable key, and none. The only
// acceptable answers are a 4xx in the error shape or a documented 2xx; never a 5xx, and the
// server stays up. Seeded: FINOS_FUZZ_SEED=<n> replays a run (the seed is printed).
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RequestOptions, type TestApp } from '../helpers/app.ts';
import { contract } from '../helpers/contract.ts';
import { conforms, operations, type Operation } from './contract-schema.ts';
import { badValue, fuzzSeed, mutateBody, ODD_STRINGS, Rng, validValue } from './values.ts';
import { makeFixtures, type Fixtures } from './fixtures.ts';
import { checkAnswer, pool } from './answers.ts';

const seed = fuzzSeed();
console.log(`[reliability] fuzz seed ${seed} (replay with FINOS_FUZZ_SEED=${seed})`);
const CASES_PER_OP = Number(process.env.FINOS_FUZZ_CASES ?? 12);

interface Case {
  label: string;
  method: string;
  path: string;
  opts: RequestOptions;
}

const BAD_IDS = [
  'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0', '-1', 'null', 'undefined',
  'a'.repeat(2000), '%00', '%E2%80%AE', '%F0%9F%98%80', '..', '%2e%2e%2f%2e%2e', '%25', "'%20OR%201=1", '%20', 'AAPL.', 'A'.repeat(11),
  '%FF', '%C0%AF', '%ED%A0%80', '{id}', '[]',
];

/** encodeURIComponent that never throws: lone surrogates become U+FFFD (raw bad bytes are in BAD_IDS). */
const enc = (v: string) => encodeURIComponent(v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

function everyString(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => everyString(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, everyString(x, f)]));
  return v;
}

/** n items of xs, seeded: every variant still runs many times across the operations. */
function sample<T>(rng: Rng, xs: T[], n: number): T[] {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

function pathOf(op: Operation, values: Record<string, string>, raw: Record<string, string> = {}): string {
  return op.template.replace(/\{([^}]+)\}/g, (_, name: string) => raw[name] ?? enc(values[name] ?? crypto.randomUUID()));
}

function qs(pairs: Array<[string, unknown]>): string {
  if (!pairs.length) return '';
  return '?' + pairs.map(([k, v]) => `${enc(k)}=${enc(typeof v === 'object' ? JSON.stringify(v) : String(v))}`).join('&');
}

function baseQuery(op: Operation, rng: Rng): Array<[string, unknown]> {
  return op.params.filter((p) => p.in === 'query' && (p.required || rng.bool(0.3))).map((p) => [p.name, p.example ?? validValue(p.schema, rng)]);
}

function baseBody(op: Operation, rng: Rng): unknown {
  if (!op.body) return undefined;
  if (op.bodyExamples.length && rng.bool(0.7)) return structuredClone(rng.pick(op.bodyExamples));
  return validValue(op.body, rng);
}

function secretCases(op: Operation, rng: Rng, fx: Fixtures, other: Fixtures): Case[] {
  const out: Case[] = [];
  const add = (label: string, path: string, opts: RequestOptions = {}) => out.push({ label: `${op.method} ${label}`, method: op.method, path, opts });
  const good = pathOf(op, fx);
  const withBody = (): RequestOptions => (op.body ? { body: baseBody(op, rng) } : {});
  add('baseline', good + qs(baseQuery(op, rng)), withBody());

  // Path parameters: unknown, another tenant's, malformed.
  for (const p of op.params.filter((x) => x.in === 'path')) {
    add(`${p.name}=another tenant's`, pathOf(op, fx, { [p.name]: enc(other[p.name] ?? 'x') }), withBody());
    add(`${p.name}=random uuid`, pathOf(op, fx, { [p.name]: crypto.randomUUID() }), withBody());
    for (const bad of [rng.pick(BAD_IDS), rng.pick(BAD_IDS)]) add(`${p.name}=${bad.slice(0, 40)}`, pathOf(op, fx, { [p.name]: bad }), withBody());
  }
  // Query parameters: out of range, wrong type, duplicated, empty, unknown.
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const add = (label: string, path: string, opts: RequestOptions = {}) => {
      // Two of the four probes per optional parameter (seeded), to keep the run short.
      if (p.required || rng.bool(0.5)) out.push({ label: `${op.method} ${label}`, method: op.method, path, opts });
    };
    add(`?${p.name} bad`, good + qs([...baseQuery(op, rng).filter(([k]) => k !== p.name), [p.name, badValue(p.schema, rng)]]), withBody());
    add(`?${p.name} duplicated`, good + qs([...baseQuery(op, rng).filter(([k]) => k !== p.name), [p.name, validValue(p.schema, rng)], [p.name, validValue(p.schema, rng)]]), withBody());
    add(`?${p.name} empty`, `${good}?${p.name}=`, withBody());
    add(`?${p.name}[] array syntax`, `${good}?${p.name}[]=1&${p.name}[x]=2`, withBody());
    if (p.required) add(`?${p.name} missing`, good + qs(baseQuery(op, rng).filter(([k]) => k !== p.name)), withBody());
  }
  add('unknown query param', good + qs([...baseQuery(op, rng), ['unexpected', '1']]), withBody());
  add('query junk', `${good}?%=&&=&a=%ZZ&${'q'.repeat(3000)}=1`, withBody());

  // Bodies: mutated at one place, whole-body oddities, malformed JSON, transport oddities.
  const mutations = op.body ? CASES_PER_OP : 2;
  for (let i = 0; i < mutations; i++) {
    const body = op.body ? mutateBody(op.body, baseBody(op, rng), rng) : { unexpected: true };
    add(`mutated body #${i}`, good, { body });
  }
  if (op.body) {
    // Text PostgreSQL cannot store, in every string of an otherwise valid body at once.
    for (const bad of ['\u0000', '\ud800', '\udfff']) add(`${JSON.stringify(bad)} in every string`, good, { body: everyString(baseBody(op, rng), (v) => v + bad) });
  }
  for (const body of [null, [], 'a string', 12, {}, [{}], { a: { b: { c: { d: {} } } } }]) add(`body ${JSON.stringify(body)}`, good, { body });
  const malformed = ['{', '{"a":', '\uFEFF{}', 'NaN', "{'a':1}", '{"a":1,}', '['.repeat(5000), '{"__proto__":{"polluted":1}}', '\u0000', '"\\ud800"', '{"a":"\\u0000"}'];
  for (const raw of sample(rng, malformed, op.body ? 6 : 3)) add(`raw ${JSON.stringify(raw.slice(0, 20))}`, good, { rawBody: raw });
  const json = JSON.stringify(baseBody(op, rng) ?? {});
  for (const ct of sample(rng, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/xml', 'application/vnd.api+json', '*/*', 'garbage'], op.body ? 4 : 2)) {
    add(`content-type ${ct}`, good, { rawBody: json, headers: { 'content-type': ct } });
  }
  add('gzip body', good, { rawBody: gzipSync(json), headers: { 'content-encoding': 'gzip' } });
  add('bad gzip body', good, { rawBody: 'not gzip at all', headers: { 'content-encoding': 'gzip' } });
  add('unknown content-encoding', good, { rawBody: json, headers: { 'content-encoding': 'x-unknown' } });
  add('body over the limit', good, { rawBody: JSON.stringify({ x: 'z'.repeat(1_100_000) }) });
  add('long Idempotency-Key', good, { ...withBody(), headers: { 'idempotency-key': 'k'.repeat(300) } });
  add('unicode Idempotency-Key', good, { ...withBody(), headers: { 'idempotency-key': enc(rng.pick(ODD_STRINGS).slice(0, 100)) || 'x' } });
  add('8 KB header', good, { ...withBody(), headers: { 'x-filler': 'h'.repeat(8000) } });
  add('odd Accept', good, { ...withBody(), headers: { accept: 'text/html' } });
  add('odd X-Request-Id', good, { ...withBody(), headers: { 'x-request-id': '../\u00e9'.replace(/[^\x20-\x7e]/g, '?') + 'r'.repeat(500) } });
  add('long path', `${good}/${'seg/'.repeat(1200)}`);
  return out;
}

function keyCases(op: Operation, rng: Rng, fx: Fixtures, key: string | null, name: string): Case[] {
  const good = pathOf(op, fx);
  const body = op.body ? baseBody(op, rng) : undefined;
  const base = { key, ...(body !== undefined ? { body } : {}) };
  const cases: Case[] = [
    { label: `${name} baseline`, method: op.method, path: good + qs(baseQuery(op, rng)), opts: base },
    { label: `${name} mutated body`, method: op.method, path: good, opts: { ...base, ...(op.body ? { body: mutateBody(op.body, body, rng) } : {}) } },
    { label: `${name} bad id`, method: op.method, path: pathOf(op, fx, Object.fromEntries(op.params.filter((p) => p.in === 'path').map((p) => [p.name, rng.pick(BAD_IDS)]))), opts: base },
  ];
  if (key === null) {
    for (const auth of sample(rng, ['Basic !!!', 'Basic ' + Buffer.from(':').toString('base64'), 'Bearer', 'Bearer  ', `Bearer sk_${'x'.repeat(6000)}`, 'Digest a=b', 'Basic ' + Buffer.from('\u00ff\u0000:').toString('base64')], 3)) {
      cases.push({ label: `Authorization: ${auth.slice(0, 30)}`, method: op.method, path: good, opts: { ...base, headers: { authorization: auth } } });
    }
    cases.push({ label: 'legacy Bearer header, empty', method: op.method, path: good, opts: { ...base, headers: { bearer: ' ' } } });
  }
  return cases;
}

describe('fuzzing every operation of the contract (PGlite)', () => {
  let app: TestApp;
  let fx: Fixtures;
  let other: Fixtures;
  const contractProblems: string[] = [];
  // DELETEs last, so the fixtures they remove serve every other operation first.
  const ops = operations().sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

  beforeAll(async () => {
    app = await startTestApp({ engine: 'pglite', env: { FINOS_RATE_LIMIT_PER_HOUR: '1000000' } });
    fx = await makeFixtures(app, app.keys.secret);
    const t2 = await app.createTenant('other');
    other = await makeFixtures(app, t2.secret);
  });
  afterAll(() => app?.close());

  it('covers every operation in the contract', () => {
    expect(ops.length).toBeGreaterThanOrEqual(67);
  });

  it("answers headers over Node's 16 KB limit with a 431 in the error shape, and survives", async () => {
    const r = await app.request('GET', '/v1/users', { headers: { 'x-filler': 'h'.repeat(20_000) }, unchecked: true });
    expect(r.status).toBe(431);
    expect(checkAnswer(r, 'oversized headers')).toBeNull();
    expect((await app.request('GET', '/healthz', { key: null })).status).toBe(200);
  });

  for (const op of ops) {
    it(`${op.method} ${op.template} (${op.operationId})`, async () => {
      const rng = new Rng(seed ^ hash(op.operationId));
      const cases = [
        ...secretCases(op, rng, fx, other),
        ...keyCases(op, rng, fx, app.keys.publishable, 'pk_ key'),
        ...keyCases(op, rng, fx, null, 'no key'),
      ];
      const failures: string[] = [];
      await pool(cases, 6, async (c) => {
        let r;
        try {
          r = await app.request(c.method, c.path, { ...c.opts, unchecked: true });
        } catch (err) {
          failures.push(`${c.label}: transport error ${(err as Error).message}`);
          return;
        }
        const problem = checkAnswer(r, `${c.label} ${c.path.slice(0, 120)}`);
        if (problem) failures.push(problem);
        // The checker resolves dot segments (WHATWG URL); the server routes the raw path, so skip those.
        else if (r.status < 300 && new URL(c.path, 'http://x').pathname === c.path.split('?')[0]) contractProblems.push(...contract().check(c.method, c.path, r.status, r.header('content-type') ?? null, r.body));
      });
      expect(failures, `seed ${seed}`).toEqual([]);
      const health = await app.request('GET', '/healthz', { key: null });
      expect(health.status).toBe(200);
    });
  }

  it('answers every 2xx in the contract\'s shape', () => {
    expect(contractProblems, `seed ${seed}`).toEqual([]);
  });
});

// Valid but odd: boundary values that pass the contract, for the implemented writes.
const WRITES = ['createWebhook', 'updateWebhook', 'createUser', 'updateUser', 'createKyc', 'updateKyc', 'uploadKycDocument', 'createAccount', 'updateAccount',
  'updateAccountSettings', 'createBankAccount', 'updateBankAccount', 'reviewSandboxKyc', 'shockSandboxMarket', 'createOrder'];

/** Body fields that name a fixture: the odd bodies use the real row instead of a random id. */
const REAL_IDS = new Set(['account_id']);

describe('valid-but-odd bodies for the implemented writes (PGlite)', () => {
  let app: TestApp;
  let fx: Fixtures;
  beforeAll(async () => {
    app = await startTestApp({ engine: 'pglite', env: { FINOS_RATE_LIMIT_PER_HOUR: '1000000' } });
    fx = await makeFixtures(app, app.keys.secret);
  });
  afterAll(() => app?.close());

  for (const op of operations().filter((o) => WRITES.includes(o.operationId))) {
    it(`${op.operationId}: boundary bodies that pass validation answer 2xx or 4xx`, async () => {
      const rng = new Rng(seed ^ hash(`odd:${op.operationId}`));
      const bodies: unknown[] = [];
      for (let tries = 0; bodies.length < 12 && tries < 400; tries++) {
        const b = validValue(op.body!, rng, true);
        // Ids the body names (an order's account_id) point at the fixtures' real rows most times.
        if (b && typeof b === 'object' && !Array.isArray(b)) {
          for (const k of Object.keys(b)) if (REAL_IDS.has(k) && fx[k] && rng.bool(0.75)) (b as Record<string, unknown>)[k] = fx[k];
        }
        if (conforms(op.body!, b)) bodies.push(b);
      }
      expect(bodies.length, `could not build a conforming body for ${op.operationId}`).toBeGreaterThan(0);
      const failures: string[] = [];
      await pool(bodies, 4, async (body) => {
        // Fresh fixtures now and then, so updates also land on users without KYC and the like.
        const path = pathOf(op, fx);
        const r = await app.request(op.method, path, { body, unchecked: true });
        const problem = checkAnswer(r, `${op.method} ${path} ${JSON.stringify(body).slice(0, 300)}`);
        if (problem) failures.push(problem);
        else failures.push(...contract().check(op.method, path, r.status, r.header('content-type') ?? null, r.body));
      });
      expect(failures, `seed ${seed}`).toEqual([]);
    });
  }
});
