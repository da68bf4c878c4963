// The SDK method table (openapi/sdk-methods.yaml) joined with the bundled contract: one entry per
// SDK method, with the HTTP operation(s) it calls and their parameters, body and result schemas.
// Every language's generator (scripts/sdk/*.gen.ts) reads this, so the four SDKs agree on names.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Schema = Record<string, any>;
export type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema>; parameters?: Record<string, any> } };

export interface SdkParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
  description?: string;
}

export interface SdkOperation {
  operationId: string;
  httpMethod: HttpMethod;
  path: string;
  summary: string;
  pathParams: SdkParam[];
  queryParams: SdkParam[];
  /** The request body schema ($ref kept), when the operation takes a JSON body. */
  body?: Schema;
  bodyRequired: boolean;
  /** The 2xx JSON schema ($ref kept); undefined for a binary or empty answer. */
  result?: Schema;
  /** 'pdf' when the success answer is a document rather than JSON. */
  resultKind: 'json' | 'binary';
  /** A page of `data` with `pagination.next_uri`: SDKs offer auto-pagination. */
  paginated: boolean;
  /** Writes accept an Idempotency-Key. */
  idempotent: boolean;
  /** No API key is needed (the health check, signed statement links). */
  public: boolean;
}

export interface SdkMethod {
  resource: string;
  method: string;
  /** One operation, or two when the second only adds an optional trailing path segment. */
  operations: SdkOperation[];
}

const HTTP: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/** `#/components/schemas/User` → the schema it points at (one level). */
export function deref(doc: Doc, value: any): any {
  if (value && typeof value === 'object' && typeof value.$ref === 'string') {
    const parts = (value.$ref as string).replace(/^#\//, '').split('/');
    let out: any = doc;
    for (const p of parts) out = out?.[p];
    if (out === undefined) throw new Error(`unresolved $ref ${value.$ref}`);
    return deref(doc, out);
  }
  return value;
}

/** The name of a `$ref`'d component schema, e.g. `User`; undefined for an inline schema. */
export function refName(schema: Schema | undefined): string | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

function operation(doc: Doc, path: string, httpMethod: HttpMethod, op: any, shared: unknown[] = []): SdkOperation {
  // Parameters declared on the path item apply to each of its operations, unless the operation
  // declares one of the same name and location.
  const own: SdkParam[] = (op.parameters ?? []).map((p: any) => deref(doc, p));
  const inherited: SdkParam[] = shared.map((p) => deref(doc, p)).filter((p: SdkParam) => !own.some((o) => o.name === p.name && o.in === p.in));
  const params = [...inherited, ...own];
  const body = op.requestBody ? deref(doc, op.requestBody) : undefined;
  const success = Object.entries(op.responses ?? {}).find(([code]) => /^2/.test(code))?.[1] as any;
  const content = success ? deref(doc, success).content ?? {} : {};
  const json = content['application/json']?.schema;
  const result = json;
  const resultSchema = json ? deref(doc, json) : undefined;
  return {
    operationId: op.operationId,
    httpMethod,
    path,
    summary: op.summary ?? '',
    // In the order they appear in the path, which is the order SDK methods take them.
    pathParams: params.filter((p) => p.in === 'path').sort((a, b) => path.indexOf(`{${a.name}}`) - path.indexOf(`{${b.name}}`)),
    queryParams: params.filter((p) => p.in === 'query'),
    body: body?.content?.['application/json']?.schema,
    bodyRequired: Boolean(body?.required),
    result,
    resultKind: json ? 'json' : 'binary',
    paginated: Boolean(resultSchema?.properties?.pagination && resultSchema?.properties?.data),
    idempotent: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
    public: Array.isArray(op.security) && op.security.length === 0 || (op.security ?? []).some((s: object) => Object.keys(s).length === 0),
  };
}

export function loadMethodTable(): Record<string, Record<string, string | string[]>> {
  return parse(readFileSync(join(ROOT, 'openapi', 'sdk-methods.yaml'), 'utf8'));
}

/** Every SDK method in table order; throws if the table and the contract disagree. */
export function sdkMethods(doc: Doc, table = loadMethodTable()): SdkMethod[] {
  const byId = new Map<string, SdkOperation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of HTTP) if (item[m]) byId.set(item[m].operationId, operation(doc, path, m, item[m], item.parameters));
  }
  const used = new Set<string>();
  const out: SdkMethod[] = [];
  for (const [resource, methods] of Object.entries(table)) {
    for (const [method, ids] of Object.entries(methods)) {
      const operations = (Array.isArray(ids) ? ids : [ids]).map((id) => {
        const op = byId.get(id);
        if (!op) throw new Error(`openapi/sdk-methods.yaml: ${resource}.${method} names ${id}, which the contract does not define`);
        if (used.has(id)) throw new Error(`openapi/sdk-methods.yaml: ${id} appears twice`);
        used.add(id);
        return op;
      });
      out.push({ resource, method, operations });
    }
  }
  const missing = [...byId.keys()].filter((id) => !used.has(id));
  if (missing.length) throw new Error(`openapi/sdk-methods.yaml has no SDK method for ${missing.join(', ')}`);
  return out;
}

/** snake_case → camelCase / PascalCase, for the languages that want them. */
export const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const pascal = (s: string) => camel(s).replace(/^[a-z]/, (c) => c.toUpperCase());
