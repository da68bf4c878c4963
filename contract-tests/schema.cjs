// Turns a response schema of the OpenAPI 3.1 contract into a self-contained JSON Schema draft-07,
// the newest draft Gavel (Dredd's validator) knows, so Dredd can check bodies it otherwise ignores.
'use strict';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
// Gavel compiles with ajv 6, which throws on formats it does not know.
const AJV6_FORMATS = new Set(['date', 'time', 'date-time', 'uri', 'uri-reference', 'uri-template', 'url', 'email', 'hostname', 'ipv4', 'ipv6', 'regex', 'uuid', 'json-pointer', 'relative-json-pointer']);
// Annotations and 2019+ keywords draft-07 does not have (or that only describe).
const DROP = new Set(['example', 'examples', 'description', 'title', 'deprecated', 'readOnly', 'writeOnly', 'xml', 'externalDocs', 'discriminator', '$comment', 'contentEncoding', 'contentMediaType', '$schema', '$id']);

function pointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce((node, raw) => {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node == null || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
      return node[key];
    }, doc);
}

/** Inlines every $ref and rewrites 3.1-only keywords; `seen` guards against recursive schemas. */
function convert(doc, schema, seen = []) {
  if (Array.isArray(schema)) return schema.map((s) => convert(doc, s, seen));
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    if (seen.includes(schema.$ref)) throw new Error(`recursive schema ${schema.$ref} cannot be inlined`);
    const { $ref, ...siblings } = schema;
    const target = convert(doc, pointer(doc, $ref), [...seen, $ref]);
    // 3.1 allows keywords next to $ref; keep them by combining.
    const rest = convert(doc, siblings, seen);
    return Object.keys(rest).length ? { allOf: [target, rest] } : target;
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key)) continue;
    if (key === 'format' && !AJV6_FORMATS.has(value)) continue;
    if (key === 'unevaluatedProperties') continue; // handled below
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions' || key === '$defs') {
      const target = key === '$defs' ? 'definitions' : key;
      out[target] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(doc, v, seen)]));
    } else if (key === 'prefixItems') {
      out.items = convert(doc, value, seen);
    } else if (typeof value === 'object' && value !== null && key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'required') {
      out[key] = convert(doc, value, seen);
    } else {
      out[key] = value;
    }
  }
  if (schema.unevaluatedProperties === false) {
    // draft-07 has no unevaluatedProperties; it equals additionalProperties when nothing is composed.
    if (['allOf', 'anyOf', 'oneOf', 'if'].some((k) => k in schema)) throw new Error('unevaluatedProperties: false over a composition has no draft-07 equivalent');
    out.additionalProperties = false;
  }
  return out;
}

/** The draft-07 schema of one documented response, or null when it has no JSON body. */
function responseSchema(doc, template, method, status) {
  const op = doc.paths?.[template]?.[method.toLowerCase()];
  if (!op) return null;
  let response = op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`] ?? op.responses?.default;
  if (!response) return null;
  if (response.$ref) response = pointer(doc, response.$ref);
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return null;
  return { $schema: DRAFT_07, ...convert(doc, schema) };
}

module.exports = { responseSchema, convert, DRAFT_07 };
