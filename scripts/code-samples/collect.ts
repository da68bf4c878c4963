// The samples' input: for every operation of the bundled contract, its path, example ids, query
// and body (from the contract's examples, else built from its schemas), auth and idempotency.

/** The HTTP methods an operation of the contract may have, in the order samples are listed. */
export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = Record<string, unknown>;

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
