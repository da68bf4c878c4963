// The Go tab of the API reference: for one operation, a complete program calling the SDK method
// that covers it, with the sample's arguments as Go literals of the SDK's types.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from '../operations.ts';
import { ROOT, sdkMethods } from '../operations.ts';
import { Generator } from './models.ts';
import { planMethod, type MethodPlan } from './services.ts';

/** Where the docs samples point: the local sandbox that `npm start` serves. */
const SANDBOX_URL = 'http://127.0.0.1:8080';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What scripts/code-samples.ts knows about one operation's sample. */
export interface GoSampleInput {
  operationId: string;
  baseUrl: string;
  pathArgs: string[];
  query: Array<[string, Json]>;
  body: Json | undefined;
  download: { file: string } | undefined;
}

let sampleModel: { g: Generator; plans: MethodPlan[] } | undefined;

/** The generator's view of the contract, built once from generated/openapi.json. */
function model(): { g: Generator; plans: MethodPlan[] } {
  if (!sampleModel) {
    const doc = JSON.parse(readFileSync(join(ROOT, 'generated', 'openapi.json'), 'utf8')) as Doc;
    const g = new Generator(doc);
    g.components();
    sampleModel = { g, plans: sdkMethods(doc).map((m) => planMethod(g, m)) };
  }
  return sampleModel;
}

/** Go's quoted string: JSON's escapes are valid Go, except that Go needs no escaped slash. */
const goQuote = (s: string) => JSON.stringify(s);

/** A Go string literal of arbitrary bytes: printable ASCII as is, the rest escaped. */
function goBytes(b: Buffer): string {
  let out = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c) out += '\\' + String.fromCharCode(c);
    else if (c === 0x0a) out += '\\n';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

function lowerFirst(name: string): string {
  const m = /^([A-Z]+)([A-Z][a-z].*)$/.exec(name);
  return m ? m[1]!.toLowerCase() + m[2] : name.charAt(0).toLowerCase() + name.slice(1);
}

/** A Go expression of type `type` for the JSON example `v`, inside package main. */
function literal(g: Generator, type: string, v: Json, pad: string, imports: Set<string>): string {
  const q = (t: string) => (/^[A-Z]/.test(t) ? `finos.${t}` : t);
  if (type.startsWith('*Nullable[')) {
    const inner = type.slice('*Nullable['.length, -1);
    return v === null ? `finos.Null[${q(inner)}]()` : `finos.NullableOf(${literal(g, inner, v, pad, imports)})`;
  }
  if (type.startsWith('*')) {
    const inner = type.slice(1);
    if (v === null) return 'nil';
    if (g.structs.has(inner)) return '&' + literal(g, inner, v, pad, imports);
    if (inner === 'bool') return `finos.Bool(${v})`;
    if (inner === 'int64') return `finos.Int64(${v})`;
    if (inner === 'float64') return `finos.Float64(${v})`;
    return `finos.Ptr(${literal(g, inner, v, pad, imports)})`;
  }
  if (type.startsWith('[]')) {
    const inner = type.slice(2);
    if (inner === 'byte') return `[]byte(${goBytes(Buffer.from(String(v), 'base64'))})`;
    const items = (v as Json[]).map((x) => literal(g, inner, x, pad + '\t', imports));
    const shown = inner.startsWith('[]') ? inner.replace(/(\[\])*(\w+)/, (all, arr: string, t: string) => arr + q(t)) : q(inner);
    if (items.every((i) => !i.includes('\n')) && items.join(', ').length < 60) return `[]${shown}{${items.join(', ')}}`;
    return `[]${shown}{\n${items.map((i) => `${pad}\t${i.replace(/^(&?finos\.\w+|\[\][\w.[\]]+)\{/, '{')},`).join('\n')}\n${pad}}`;
  }
  const fields = g.structs.get(type);
  if (fields) {
    const entries = Object.entries((v ?? {}) as Record<string, Json>).map(([k, x]) => {
      const f = fields.get(k);
      if (!f) throw new Error(`go.gen.ts: the example of ${type} has ${k}, which ${type} does not have`);
      return [f.name, literal(g, f.type, x, pad + '\t', imports)] as const;
    });
    if (!entries.length) return `finos.${type}{}`;
    // gofmt aligns the values of consecutive one-line entries; a multi-line value ends a run.
    const lines: string[] = [];
    let run: Array<readonly [string, string]> = [];
    const flush = () => {
      const width = Math.max(...run.map(([n]) => n.length));
      for (const [n, x] of run) lines.push(`${pad}\t${(n + ':').padEnd(width + 1)} ${x},`);
      run = [];
    };
    for (const e of entries) {
      if (e[1].includes('\n')) { if (run.length) flush(); lines.push(`${pad}\t${e[0]}: ${e[1]},`); } else run.push(e);
    }
    if (run.length) flush();
    return `finos.${type}{\n${lines.join('\n')}\n${pad}}`;
  }
  const consts = g.enums.get(type);
  if (consts) {
    const c = consts.get(String(v));
    return c ? `finos.${c}` : `finos.${type}(${goQuote(String(v))})`;
  }
  if (type === 'time.Time') {
    imports.add('time');
    const d = new Date(String(v));
    return `time.Date(${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, 0, time.UTC)`;
  }
  if (type === 'string') return goQuote(String(v));
  if (type === 'int64' || type === 'float64') return String(v);
  if (type === 'bool') return String(v);
  if (type === 'json.RawMessage') { imports.add('encoding/json'); return `json.RawMessage(${goQuote(JSON.stringify(v))})`; }
  throw new Error(`go.gen.ts: no sample literal for type ${type}`);
}

/**
 * The Go tab of the API reference for one operation: a complete program (package main) that
 * calls the SDK, so CI can `go vet` every sample.
 */
export function goCodeSample(s: GoSampleInput): string {
  const { g, plans } = model();
  const plan = plans.find((p) => p.operationIds.includes(s.operationId));
  if (!plan) throw new Error(`go.gen.ts: no SDK method calls ${s.operationId}`);
  const imports = new Set(['context', 'fmt', 'log']);
  const args = ['ctx', ...s.pathArgs.map(goQuote)];
  if (plan.operationIds.length > 1) {
    // One method for several operations: the later ones' extra path segments go in params.
    if (plan.operationIds.indexOf(s.operationId) > 0) {
      const names = [...g.structs.get(plan.paramsName!)!.keys()];
      const extra = s.pathArgs.slice(-names.length);
      args.splice(args.length - extra.length, extra.length);
      args.push('&' + literal(g, plan.paramsName!, Object.fromEntries(names.map((n, i) => [n, extra[i]!])), '\t', imports));
    } else args.push('nil');
  } else if (plan.paramsName) {
    const value: Json = s.body !== undefined ? s.body : Object.fromEntries(s.query);
    const empty = value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
    args.push(empty && s.body === undefined ? 'nil' : '&' + literal(g, plan.paramsName, value, '\t', imports));
  }
  // The local sandbox, as the Node and Ruby samples use: a sample then runs as it stands against `npm start`.
  const client = `finos.NewClient("sk_test_yourkey", finos.WithBaseURL(${goQuote(SANDBOX_URL)}))`;
  const call = `c.${plan.goResource}.${plan.goMethod}(${args.join(', ')})`;
  let body: string[];
  if (plan.kind === 'iter') {
    body = [`\tit := ${call}`, '\tfor it.Next() {', '\t\tfmt.Printf("%+v\\n", *it.Current())', '\t}', '\tif err := it.Err(); err != nil {', '\t\tlog.Fatal(err)', '\t}'];
  } else if (plan.kind === 'raw') {
    imports.add('os');
    const file = s.download?.file ?? 'download.bin';
    body = [`\tdata, err := ${call}`, '\tif err != nil {', '\t\tlog.Fatal(err)', '\t}', `\tif err := os.WriteFile(${goQuote(file)}, data, 0o644); err != nil {`, '\t\tlog.Fatal(err)', '\t}', `\tfmt.Println("wrote", ${goQuote(file)})`];
  } else {
    const v = lowerFirst(plan.result!);
    const name = ['c', 'ctx', 'err', 'it', 'data'].includes(v) ? 'result' : v;
    body = [`\t${name}, err := ${call}`, '\tif err != nil {', '\t\tlog.Fatal(err)', '\t}', `\tfmt.Printf("%+v\\n", *${name})`];
  }
  const std = [...imports].sort();
  return ['package main', '', 'import (', ...std.map((i) => `\t"${i}"`), '', '\tfinos "github.com/finos/go"', ')', '', 'func main() {',
    '\tctx := context.Background()', `\tc := ${client}`, '', ...body, '}'].join('\n') + '\n';
}
