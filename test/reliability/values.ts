// Values for fuzzing, driven by the contract's schemas: a seeded PRNG, values meant to pass a
// schema (valid and boundary), values that break it, and one-place mutations of a body.
import { deref, type Schema } from './contract-schema.ts';

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
