// The five language tabs of one operation's sample: curl, Node, Python, Go and Ruby, each calling
// the operation the way that language's SDK (or tool) does.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_BASE_URL, METHODS as SDK_METHODS } from '../../client/node/src/index.ts';
import { goCodeSample } from '../sdk/go/samples.ts';
import { sdkMethods } from '../sdk/operations.ts';
import { pyName } from '../sdk/python.gen.ts';
import type { Json, Sample } from './collect.ts';

const root = resolve(import.meta.dirname, '..', '..');
const API_KEY = 'sk_test_yourkey';

export const LANGUAGES = [
  { dir: 'curl', ext: 'sh', lang: 'Shell', label: 'curl' },
  { dir: 'node', ext: 'js', lang: 'JavaScript', label: 'Node' },
  { dir: 'python', ext: 'py', lang: 'Python', label: 'Python' },
  { dir: 'go', ext: 'go', lang: 'Go', label: 'Go' },
  { dir: 'ruby', ext: 'rb', lang: 'Ruby', label: 'Ruby' },
] as const;
export type Language = (typeof LANGUAGES)[number];

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
