// The contract as the reliability suite reads it: every operation with its parameters and body
// schema resolved, and a check of a value against a schema as the server's validator makes it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
export const SPEC = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'generated', 'openapi.json'), 'utf8')) as Spec;

export type Schema = Record<string, any>;
interface Spec {
  paths: Record<string, Record<string, any>>;
  components: Record<string, Record<string, any>>;
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
