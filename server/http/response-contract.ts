// Checks a response body against the contract before it is sent. write() runs it inside the
// transaction, so a change whose answer the contract cannot express rolls back instead of
// committing behind a 500 (express-openapi-validator checks only after the handler is done).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Request } from 'express';

/** The bundled contract the server validates against. */
export const CONTRACT_FILE = join(import.meta.dirname, '..', '..', 'generated', 'openapi.json');

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}
interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
}

/** What express-openapi-validator's metadata middleware leaves on a matched request. */
interface OpenApiMatch {
  openApiRoute?: string;
}

export class ResponseContract {
  private readonly ajv: Ajv2020;
  private readonly spec: Spec;
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(specFile: string) {
    this.spec = JSON.parse(readFileSync(specFile, 'utf8')) as Spec;
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.spec as object, 'openapi.json');
  }

  /**
   * Why `body` sent with `status` would break the contract of the request's operation, or null
   * when it honours it (or the request matched no operation, which the validator answers itself).
   */
  problem(req: Request, status: number, body: unknown): string | null {
    const route = (req as Request & { openapi?: OpenApiMatch }).openapi?.openApiRoute;
    if (!route) return null;
    const method = req.method.toLowerCase();
    const responses = this.spec.paths[route]?.[method]?.responses;
    if (!responses) return null;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    if (!key) return `status ${status} is not documented for ${req.method} ${route}`;
    const cacheKey = `${method} ${route} ${key}`;
    let validate = this.cache.get(cacheKey);
    if (validate === undefined) {
      let pointer = `#/paths/${escapePointer(route)}/${method}/responses/${key}`;
      let response = responses[key]!;
      if (response.$ref) {
        pointer = response.$ref;
        response = resolvePointer(this.spec, response.$ref) as ResponseObject;
      }
      validate = response.content?.['application/json']?.schema
        ? this.ajv.compile({ $ref: `openapi.json${pointer}/content/application~1json/schema` })
        : null;
      this.cache.set(cacheKey, validate);
    }
    if (!validate || validate(body)) return null;
    const e = validate.errors?.[0];
    return `response body${e?.instancePath ?? ''} ${e?.message ?? 'is invalid'}`;
  }
}

/** A path template as a JSON pointer segment, the way the bundled contract keys it. */
export function escapePointer(template: string): string {
  return template.replace(/~/g, '~0').replace(/\//g, '~1').replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** The node a `#/…` JSON pointer names in a document. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  let node = doc as Record<string, unknown>;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    node = node[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')] as Record<string, unknown>;
  }
  return node;
}

const byFile = new Map<string, ResponseContract>();
/** One checker per contract file per process (compiled schemas are kept). */
export function responseContract(specFile: string): ResponseContract {
  let c = byFile.get(specFile);
  if (!c) {
    c = new ResponseContract(specFile);
    byFile.set(specFile, c);
  }
  return c;
}
