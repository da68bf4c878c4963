// Checks a response against the contract (generated/openapi.json) with ajv 2020: the path
// template and method are found, the status must be documented, and the JSON body must validate.
// Paths or methods the contract lacks must answer with the Error shape (404/405).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { escapePointer, resolvePointer } from '../../server/http/response-contract.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const SPEC_FILE = join(import.meta.dirname, '..', '..', 'generated', 'openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

interface Route {
  template: string;
  regex: RegExp;
  params: number;
}

export class ContractChecker {
  private readonly ajv: Ajv2020;
  private readonly spec: { paths: Record<string, Record<string, Operation>>; components?: Record<string, Record<string, unknown>> };
  private readonly routes: Route[];
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(specFile = SPEC_FILE) {
    this.spec = JSON.parse(readFileSync(specFile, 'utf8'));
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.spec as object, 'openapi.json');
    this.routes = Object.keys(this.spec.paths).map((template) => {
      const params = (template.match(/\{[^}]+\}/g) ?? []).length;
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
      return { template, regex: new RegExp(`^${pattern}$`), params };
    });
  }

  /** The contract's path template for a concrete path; literal segments win over parameters. */
  match(path: string): string | null {
    const found = this.routes.filter((r) => r.regex.test(path)).sort((a, b) => a.params - b.params);
    return found[0]?.template ?? null;
  }

  /** Returns a list of problems; empty when the response honours the contract. */
  check(method: string, url: string, status: number, contentType: string | null, body: unknown): string[] {
    const path = new URL(url, 'http://x').pathname;
    const template = this.match(path);
    const m = method.toLowerCase();
    const op = template ? this.spec.paths[template]?.[m] : undefined;
    const where = `${method.toUpperCase()} ${path}`;
    if (!template || !op || !METHODS.includes(m as (typeof METHODS)[number])) {
      // Not in the contract: only the generic refusals are acceptable.
      if (![401, 403, 404, 405, 429].includes(status)) return [`${where}: not in the contract but answered ${status}`];
      return this.validate('#/components/schemas/Error', body, `${where} ${status}`);
    }
    const responses = op.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    if (!key) return [`${where}: status ${status} is not documented for ${template} (documented: ${Object.keys(responses).join(', ')})`];
    let pointer = `#/paths/${escapePointer(template)}/${m}/responses/${key}`;
    let response = responses[key]!;
    if (response.$ref) {
      pointer = response.$ref;
      response = resolvePointer(this.spec, response.$ref) as typeof response;
    }
    const content = response.content;
    if (!content || Object.keys(content).length === 0) {
      return body === undefined || body === '' ? [] : [`${where} ${status}: the contract documents no body, got one`];
    }
    if (!content['application/json']) return [];
    if (!contentType?.includes('application/json')) return [`${where} ${status}: expected application/json, got ${contentType ?? 'nothing'}`];
    if (!content['application/json'].schema) return [];
    return this.validate(`${pointer}/content/application~1json/schema`, body, `${where} ${status}`);
  }

  private validate(ref: string, body: unknown, label: string): string[] {
    let v = this.cache.get(ref);
    if (v === undefined) {
      v = this.ajv.compile({ $ref: `openapi.json${ref}` });
      this.cache.set(ref, v);
    }
    if (!v || v(body)) return [];
    return (v.errors ?? []).map((e) => `${label}: body${e.instancePath} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
  }
}

let shared: ContractChecker | null = null;
/** One checker per test file (the spec is read once). */
export function contract(): ContractChecker {
  shared ??= new ContractChecker();
  return shared;
}
