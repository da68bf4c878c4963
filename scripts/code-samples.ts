// Writes the code samples the docs show as language tabs: openapi/code_samples/<lang>/<operationId>.<ext>
// for every operation in generated/openapi.json, in curl, Node (our client), Python, Go and Ruby.
// A sample file that exists is never overwritten, so hand edits survive; delete one to regenerate it.
//   --insert  adds an x-codeSamples list of $refs to each operation in openapi/paths/*.yaml lacking one
//   --check   fails, listing them, if any operation lacks x-codeSamples or a sample file
//   --spec <bundled.json> and --openapi <dir> point at other copies (tests use a scratch copy)
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { DEFAULT_BASE_URL, METHODS as SDK_METHODS } from '../client/node/src/index.ts';
import { goCodeSample } from './sdk/go/samples.ts';
import { sdkMethods } from './sdk/operations.ts';
import { pyName } from './sdk/python.gen.ts';

const root = resolve(import.meta.dirname, '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const API_KEY = 'sk_test_yourkey';

export const LANGUAGES = [
  { dir: 'curl', ext: 'sh', lang: 'Shell', label: 'curl' },
  { dir: 'node', ext: 'js', lang: 'JavaScript', label: 'Node' },
  { dir: 'python', ext: 'py', lang: 'Python', label: 'Python' },
  { dir: 'go', ext: 'go', lang: 'Go', label: 'Go' },
  { dir: 'ruby', ext: 'rb', lang: 'Ruby', label: 'Ruby' },
] as const;
type Language = (typeof LANGUAGES)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, unknown>;

/** Everything a sample needs about one operation, with example values filled in. */
export interface Sample {
  operationId: string;
  method: (typeof METHODS)[number];
  path: string;
  /** The path with example ids substituted. */
  url: string;
  baseUrl: string;
  pathArgs: string[];
  query: Array<[string, Json]>;
  body: Json | undefined;
  auth: boolean;
  idempotent: boolean;
  /** Set when the success answer is a file (e.g. a PDF) rather than JSON. */
  download: { file: string } | undefined;
}

// ---------------------------------------------------------------- reading the bundled spec

function deref(spec: Obj, value: unknown): Obj {
  let v = value as Obj;
  for (let i = 0; v && typeof v.$ref === 'string' && v.$ref.startsWith('#/') && i < 20; i++) {
    v = v.$ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Obj)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec) as Obj;
  }
  return v ?? {};
}

/** An example value for a parameter: its own example, then its schema's, then a placeholder. */
function paramExample(spec: Obj, p: Obj): Json {
  const schema = deref(spec, p.schema);
  const examples = p.examples ? Object.values(p.examples as Obj).map((e) => deref(spec, e).value) : [];
  const candidates = [p.example, ...examples, (schema.examples as unknown[] | undefined)?.[0], schema.example, schema.default, (schema.enum as unknown[] | undefined)?.[0]];
  const found = candidates.find((c) => c !== undefined && c !== null);
  return found === undefined ? `your_${p.name}` : (found as Json);
}

function bodyExample(spec: Obj, op: Obj): Json | undefined {
  const body = deref(spec, op.requestBody);
  const media = deref(spec, (body.content as Obj | undefined)?.['application/json']);
  if (!body.content) return undefined;
  if (media.example !== undefined) return media.example as Json;
  const first = media.examples ? Object.values(media.examples as Obj)[0] : undefined;
  if (first) return deref(spec, first).value as Json;
  return schemaExample(spec, media.schema, 0) ?? {};
}

/** A minimal instance of a schema from its examples, for bodies documented without one. */
function schemaExample(spec: Obj, s: unknown, depth: number): Json | undefined {
  const schema = deref(spec, s);
  if (depth > 8) return undefined;
  const direct = (schema.examples as Json[] | undefined)?.[0] ?? (schema.example as Json | undefined) ?? (schema.default as Json | undefined);
  if (direct !== undefined) return direct;
  if (schema.allOf) return Object.assign({}, ...(schema.allOf as unknown[]).map((x) => schemaExample(spec, x, depth + 1)));
  if (schema.oneOf || schema.anyOf) return schemaExample(spec, ((schema.oneOf ?? schema.anyOf) as unknown[])[0], depth + 1);
  if ((schema.enum as Json[] | undefined)?.length) return (schema.enum as Json[])[0];
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, Json> = {};
    for (const name of (schema.required as string[] | undefined) ?? []) {
      const v = schemaExample(spec, (schema.properties as Obj | undefined)?.[name], depth + 1);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (schema.type === 'array') {
    const item = schemaExample(spec, schema.items, depth + 1);
    return item === undefined ? [] : [item];
  }
  return undefined;
}

export function collectSamples(spec: Obj): Sample[] {
  const servers = (spec.servers as Array<{ url: string; description?: string }> | undefined) ?? [];
  const production = servers[0]?.url ?? 'https://api.finos.com';
  const sandbox = servers.find((s) => /sandbox/i.test(s.description ?? ''))?.url ?? production;
  const out: Sample[] = [];
  for (const [path, rawItem] of Object.entries(spec.paths as Obj)) {
    const item = deref(spec, rawItem);
    for (const method of METHODS) {
      const op = item[method] as Obj | undefined;
      if (!op || typeof op.operationId !== 'string') continue;
      const params = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map((p) => deref(spec, p));
      const pathValues = new Map(params.filter((p) => p.in === 'path').map((p) => [p.name as string, String(paramExample(spec, p))]));
      const pathArgs = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => pathValues.get(m[1]!) ?? `your_${m[1]}`);
      let i = 0;
      const url = path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pathArgs[i++]!));
      const query = params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name as string, paramExample(spec, p)] as [string, Json]);
      const security = (op.security ?? spec.security) as unknown[] | undefined;
      const ok = Object.entries(op.responses as Obj).find(([status]) => /^2/.test(status));
      const content = ok ? Object.keys((deref(spec, ok[1]).content as Obj | undefined) ?? {}) : [];
      const fileType = content.length && !content.some((c) => c.includes('json')) ? content[0]!.split('/')[1]! : undefined;
      const tags = (op.tags as string[] | undefined) ?? [];
      out.push({
        operationId: op.operationId,
        method,
        path,
        url,
        baseUrl: tags.includes('Sandbox') ? sandbox : production,
        pathArgs,
        query,
        body: method === 'get' || method === 'delete' ? undefined : bodyExample(spec, op),
        auth: !Array.isArray(security) || security.length > 0,
        idempotent: params.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
        download: fileType ? { file: `${op.operationId.replace(/^download|Pdf$/g, '').toLowerCase() || 'download'}.${fileType}` } : undefined,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the five languages

const queryString = (s: Sample) => new URLSearchParams(s.query.map(([k, v]): [string, string] => [k, String(v)])).toString();
const fullUrl = (s: Sample) => s.baseUrl + s.url + (s.query.length ? '?' + queryString(s) : '');
const json = (v: Json, indent = 2) => JSON.stringify(v, null, indent);
const indentLines = (text: string, pad: string) => text.split('\n').map((l, i) => (i === 0 ? l : pad + l)).join('\n');
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function curl(s: Sample): string {
  const lines = [`curl${s.method === 'get' ? '' : ` -X ${s.method.toUpperCase()}`} "${fullUrl(s)}"`];
  if (s.auth) lines.push(`-u ${API_KEY}:`);
  // od and /dev/urandom exist everywhere curl does; uuidgen does not, and an empty header value
  // makes curl drop the header, so the write would lose its idempotency.
  if (s.idempotent) lines.push(`-H "Idempotency-Key: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')"`);
  if (s.body !== undefined) lines.push('-H "Content-Type: application/json"', `-d ${indentLines(shellQuote(json(s.body)), '  ')}`);
  if (s.download) lines.push(`-o ${s.download.file}`);
  return lines.join(' \\\n  ') + '\n';
}

/** JavaScript object literal: JSON with bare keys where they are identifiers. */
function jsLiteral(v: Json, pad = ''): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${pad}  ${jsLiteral(x, pad + '  ')}`).join(',\n')},\n${pad}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k.replace(/'/g, "\\'")}'`);
    return `{\n${entries.map(([k, x]) => `${pad}  ${key(k)}: ${jsLiteral(x, pad + '  ')}`).join(',\n')},\n${pad}}`;
  }
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v);
}

/** The local sandbox (`npm start`), which every SDK sample targets so it runs as written. */
const SANDBOX_URL = 'http://127.0.0.1:8080';

/** `users` → `user`, `assetClasses` → `assetClass`, `deliveries` → `delivery`. */
const singular = (word: string) => word.replace(/ies$/, 'y').replace(/(ss|sh|ch|x)es$/, '$1').replace(/([^s])s$/, '$1');

/** CommonJS, as the API reference writes it: `require('finos')("sk_…").accounts.fetch(id)`. */
function node(s: Sample, sdkMethod: string | undefined): string {
  if (!sdkMethod) throw new Error(`${s.operationId}: no SDK method (openapi/sdk-methods.yaml)`);
  const [resource, method] = sdkMethod.split('.') as [string, string];
  const args = s.pathArgs.map((a) => jsLiteral(a));
  const input = s.body !== undefined ? s.body : s.query.length ? Object.fromEntries(s.query) : undefined;
  if (input !== undefined) args.push(jsLiteral(input as Json));
  const call = `finos.${sdkMethod}(${args.join(', ')})`;
  const head = [...(s.download ? [`const { writeFileSync } = require('node:fs');`] : []),
    `const finos = require('finos')('${API_KEY}', { baseUrl: '${SANDBOX_URL}' });`].join('\n') + '\n\n';
  // The paginated operations (a tsc check of the samples fails if this ever names one that is not):
  // the call's promise is also an async iterable over every item of every page.
  if (/^(list|search)/.test(s.operationId) && s.operationId !== 'listCalendar') {
    const item = singular(method === 'list' || method === 'search' ? resource : method);
    return head + `(async () => {\n  for await (const ${item} of ${indentLines(call, '  ')}) {\n    console.log(${item});\n  }\n})();\n`;
  }
  const result = s.download ? 'pdf' : 'result';
  const use = s.download ? `writeFileSync('${s.download.file}', Buffer.from(${result}))` : `console.log(${result})`;
  return head + `${call}\n  .then((${result}) => ${use})\n  .catch((err) => console.error(err.status, err.type, err.message));\n`;
}

/** Python literal: JSON with Python's constants. */
function pyLiteral(v: Json, pad = ''): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${pad}    ${pyLiteral(x, pad + '    ')}`).join(',\n')},\n${pad}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${pad}    ${JSON.stringify(k)}: ${pyLiteral(x, pad + '    ')}`).join(',\n')},\n${pad}}`;
  }
  return v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : JSON.stringify(v);
}

/** operationId → the Python SDK's `resource.method`, from the one method table. */
let pythonMethods: Map<string, { call: string; paginated: boolean }> | undefined;

function python(s: Sample): string {
  pythonMethods ??= new Map(sdkMethods(JSON.parse(readFileSync(join(root, 'generated', 'openapi.json'), 'utf8')))
    .flatMap((m) => m.operations.map((op) => [op.operationId, { call: `${m.resource}.${m.method}`, paginated: op.paginated }] as const)));
  const method = pythonMethods.get(s.operationId);
  if (!method) throw new Error(`${s.operationId} has no SDK method in openapi/sdk-methods.yaml`);
  const keyword = (k: string) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`${s.operationId}: ${k} is not a Python keyword argument`);
    return pyName(k);
  };
  const fields = s.body && typeof s.body === 'object' && !Array.isArray(s.body) ? Object.entries(s.body) : [];
  const args = [
    ...s.pathArgs.map((a) => JSON.stringify(a)),
    ...[...s.query, ...fields].map(([k, v]) => `${keyword(k)}=${pyLiteral(v, '    ')}`),
  ];
  const multiline = s.query.length + fields.length > 1 || args.join(', ').length > 60;
  const call = `client.${method.call}(${multiline ? `\n    ${args.join(',\n    ')},\n` : args.join(', ')})`;
  const client = `client = finos.Client("${API_KEY}"${s.baseUrl === DEFAULT_BASE_URL ? "" : `, base_url="${s.baseUrl}"`})`;
  const use = s.download
    ? `pdf = ${call}\nwith open("${s.download.file}", "wb") as f:\n    f.write(pdf)\n`
    : method.paginated
      ? `page = ${call}\nfor item in page.auto_paging_iter():\n    print(item)\n`
      : `result = ${call}\nprint(result)\n`;
  return `import finos\n\n${client}\n\n${use}`;
}

/** Go: a complete program calling the Go SDK (client/go), rendered by its generator. */
function go(s: Sample): string {
  return goCodeSample(s);
}

/** operationId → `resource.method` of the SDKs, from openapi/sdk-methods.yaml (read once). */
let sdkMethodIndex: Map<string, string> | undefined;
function sdkMethodFor(operationId: string): string | undefined {
  if (!sdkMethodIndex) {
    sdkMethodIndex = new Map();
    const table = parseDocument(readFileSync(join(root, 'openapi', 'sdk-methods.yaml'), 'utf8')).toJS() as Record<string, Record<string, string | string[]>>;
    for (const [resource, methods] of Object.entries(table)) {
      for (const [method, ids] of Object.entries(methods)) for (const id of [ids].flat()) sdkMethodIndex.set(id, `${resource}.${method}`);
    }
  }
  return sdkMethodIndex.get(operationId);
}

/** Ruby literal: hashes with symbol keys, single-quoted strings. */
function rbLiteral(v: Json, pad = ''): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${pad}  ${rbLiteral(x, pad + '  ')}`).join(',\n')},\n${pad}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${pad}  ${rbKey(k)} ${rbLiteral(x, pad + '  ')}`).join(',\n')},\n${pad}}`;
  }
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return v === null ? 'nil' : JSON.stringify(v);
}
const rbKey = (k: string) => (/^[a-z_][A-Za-z0-9_]*$/.test(k) ? `${k}:` : `${JSON.stringify(k)}:`);

/** The Ruby SDK call, in the client form; the raw-HTTP form for an operation the SDK table lacks. */
function ruby(s: Sample): string {
  const method = sdkMethodFor(s.operationId);
  if (!method) return rubyHttp(s);
  const args = s.pathArgs.map((a) => `'${a}'`);
  const input = s.body !== undefined ? s.body : s.query.length ? Object.fromEntries(s.query) : undefined;
  const kwargs = input && typeof input === 'object' && !Array.isArray(input) ? Object.entries(input) : [];
  const call = `client.${method}`;
  let invocation: string;
  if (kwargs.length === 0) invocation = args.length ? `${call}(${args.join(', ')})` : call;
  else {
    const lines = [...args, ...kwargs.map(([k, v]) => `${rbKey(k)} ${rbLiteral(v as Json, '  ')}`)];
    invocation = `${call}(\n  ${lines.join(',\n  ')},\n)`;
  }
  const lines = ["require 'finos'", '', `client = Finos::Client.new('${API_KEY}', base_url: 'http://127.0.0.1:8080')`, ''];
  if (s.download) lines.push(`File.binwrite('${s.download.file}', ${invocation})`);
  // The paginated methods: every page, fetched as the loop goes.
  else if (/\.(list|search|positions|transactions|rebalances|harvests|deliveries|assets)$/.test(method)) {
    lines.push(`${invocation}.auto_paging_each do |item|`, '  p item', 'end');
  } else lines.push(`result = ${invocation}`, 'p result');
  return lines.join('\n') + '\n';
}

function rubyHttp(s: Sample): string {
  const klass = s.method[0]!.toUpperCase() + s.method.slice(1);
  const lines = [
    "require 'net/http'", ...(s.idempotent ? ["require 'securerandom'"] : []), '',
    `uri = URI('${fullUrl(s)}')`,
    `request = Net::HTTP::${klass}.new(uri)`,
    ...(s.auth ? [`request.basic_auth('${API_KEY}', '')`] : []),
    ...(s.idempotent ? ["request['Idempotency-Key'] = SecureRandom.uuid"] : []),
  ];
  if (s.body !== undefined) {
    lines.push("request['Content-Type'] = 'application/json'", "request.body = <<~'JSON'", ...json(s.body).split('\n').map((l) => '  ' + l), 'JSON');
  }
  lines.push('', "response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == 'https') do |http|",
    '  http.request(request)', 'end',
    s.download ? `File.binwrite('${s.download.file}', response.body)` : 'puts response.code, response.body');
  return lines.join('\n') + '\n';
}

export function renderSample(lang: Language, s: Sample, facadeMethod: string | undefined): string {
  switch (lang.dir) {
    case 'curl': return curl(s);
    case 'node': return node(s, facadeMethod);
    case 'python': return python(s);
    case 'go': return go(s);
    case 'ruby': return ruby(s);
  }
}

/** `get /v1/accounts/{account_id}` → `accounts.fetch`, from the SDK method table (Node's camelCase). */
export function facadeIndex(): Map<string, string> {
  const index = new Map<string, string>();
  for (const m of SDK_METHODS) {
    for (const o of m.operations) {
      const key = `${o.httpMethod} ${o.path}`;
      if (!index.has(key)) index.set(key, m.method);
    }
  }
  return index;
}

// ---------------------------------------------------------------- files and path-file edits

export function writeSamples(samples: Sample[], samplesDir: string): string[] {
  const facade = facadeIndex();
  const written: string[] = [];
  for (const s of samples) {
    for (const lang of LANGUAGES) {
      const file = join(samplesDir, lang.dir, `${s.operationId}.${lang.ext}`);
      if (existsSync(file)) continue;
      mkdirSync(join(samplesDir, lang.dir), { recursive: true });
      writeFileSync(file, renderSample(lang, s, facade.get(`${s.method} ${s.path}`)));
      written.push(file);
    }
  }
  return written;
}

const sampleRef = (lang: Language, operationId: string) => `../code_samples/${lang.dir}/${operationId}.${lang.ext}`;

interface PathFileOp { file: string; method: string; operationId: string; node: YAMLMap }

function pathFileOperations(openapiDir: string): Array<{ file: string; doc: ReturnType<typeof parseDocument>; ops: PathFileOp[] }> {
  const dir = join(openapiDir, 'paths');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((name) => {
    const file = join(dir, name);
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const ops: PathFileOp[] = [];
    if (isMap(doc.contents)) {
      for (const method of METHODS) {
        const node = doc.contents.get(method, true);
        if (!isMap(node)) continue;
        const operationId = node.get('operationId');
        if (typeof operationId === 'string') ops.push({ file, method, operationId, node });
      }
    }
    return { file, doc, ops };
  });
}

/** Adds x-codeSamples to every operation without one; returns the operations it changed. */
export function insertCodeSamples(openapiDir: string): string[] {
  const changed: string[] = [];
  for (const { file, doc, ops } of pathFileOperations(openapiDir)) {
    let dirty = false;
    for (const op of ops) {
      if (op.node.has('x-codeSamples')) continue;
      op.node.set('x-codeSamples', doc.createNode(LANGUAGES.map((lang) => ({
        lang: lang.lang, label: lang.label, source: { $ref: sampleRef(lang, op.operationId) },
      }))));
      changed.push(`${op.method} ${op.operationId} (${file})`);
      dirty = true;
    }
    if (dirty) writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  }
  return changed;
}

/** Operations lacking x-codeSamples, a language, or a sample file on disk. */
export function checkCodeSamples(openapiDir: string, samples: Sample[]): string[] {
  const problems: string[] = [];
  const inPathFiles = new Set<string>();
  for (const { file, ops } of pathFileOperations(openapiDir)) {
    for (const op of ops) {
      inPathFiles.add(op.operationId);
      const list = op.node.get('x-codeSamples', true);
      if (!isSeq(list)) { problems.push(`${op.operationId}: no x-codeSamples in ${file}`); continue; }
      const labels = new Set(list.items.map((i) => (isMap(i) ? i.get('label') : undefined)));
      for (const lang of LANGUAGES) if (!labels.has(lang.label)) problems.push(`${op.operationId}: no ${lang.label} sample in ${file}`);
    }
  }
  for (const s of samples) {
    for (const lang of LANGUAGES) {
      const f = join(openapiDir, 'code_samples', lang.dir, `${s.operationId}.${lang.ext}`);
      if (!existsSync(f)) problems.push(`${s.operationId}: missing ${f}`);
    }
    if (!inPathFiles.has(s.operationId)) problems.push(`${s.operationId}: not found in ${openapiDir}/paths`);
  }
  return problems;
}

function main(): void {
  const { values } = parseArgs({
    options: { spec: { type: 'string' }, openapi: { type: 'string' }, insert: { type: 'boolean' }, check: { type: 'boolean' } },
  });
  const specFile = resolve(values.spec ?? join(root, 'generated/openapi.json'));
  const openapiDir = resolve(values.openapi ?? join(root, 'openapi'));
  const samples = collectSamples(JSON.parse(readFileSync(specFile, 'utf8')));
  if (values.check) {
    const problems = checkCodeSamples(openapiDir, samples);
    for (const p of problems) console.error(p);
    if (problems.length) {
      console.error(`${problems.length} code-sample problem(s); run npx tsx scripts/code-samples.ts --insert`);
      process.exit(1);
    }
    console.log(`all ${samples.length} operations have code samples in ${LANGUAGES.length} languages`);
    return;
  }
  const written = writeSamples(samples, join(openapiDir, 'code_samples'));
  console.log(`${samples.length} operations; wrote ${written.length} new sample file(s)`);
  if (values.insert) {
    const changed = insertCodeSamples(openapiDir);
    for (const c of changed) console.log(`x-codeSamples added: ${c}`);
    console.log(`${changed.length} operation(s) given x-codeSamples; now run npm run generate`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) main();
