// The generated half of the Python SDK: client/python/finos/_resources.py, one class per resource
// of openapi/sdk-methods.yaml with one method per SDK method, plus the table of which fields hold
// exact decimals (SHAPES), which the hand-written runtime uses to read money and quantities as
// Decimal and to write Decimal back exactly.
import { deref, pascal, refName, type Doc, type Schema, type SdkMethod, type SdkOperation } from './operations.ts';

export const PYTHON_RESOURCES_FILE = 'client/python/finos/_resources.py';
export const PYTHON_MODELS_FILE = 'client/python/finos/models.py';

/**
 * The contract's decimal-string schemas. A string field whose schema is one of these (by `$ref`)
 * is a Decimal in Python; other strings (ids, dates, codes, Allocation's inline `weight`) stay str.
 */
export const DECIMAL_SCHEMAS = ['Money', 'PositiveMoney', 'Decimal', 'Quantity', 'PositiveQuantity', 'AccountCashPercent', 'TransferAmount'];

/** Per-call option keywords every method takes; a contract field of the same name would shadow one. */
export const OPTION_NAMES = ['api_key', 'idempotency_key', 'timeout', 'headers'];

const PY_KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'self']);

type Spec = 'decimal' | 'number' | string | { [prop: string]: Spec } | { $type: Record<string, string> };

/** Which properties of each schema hold decimals ('decimal' string, JSON 'number') or lead to them. */
function shapes(doc: Doc): Record<string, Spec> {
  const memo = new Map<string, Spec | undefined>();
  const named = (name: string): Spec | undefined => {
    if (memo.has(name)) return memo.get(name);
    memo.set(name, undefined); // a cycle reads as "nothing to convert" until the walk returns
    const schema = doc.components.schemas[name]!;
    const found = specOf(schema);
    // Every object schema gets an entry, so its answers become its model class (models.py).
    const spec = found === undefined && schema.properties ? {} : found;
    memo.set(name, spec);
    return spec;
  };
  const specOf = (s: Schema | undefined): Spec | undefined => {
    if (!s || typeof s !== 'object') return undefined;
    const ref = refName(s);
    if (ref) {
      if (DECIMAL_SCHEMAS.includes(ref)) return 'decimal';
      const spec = named(ref);
      return spec !== undefined && typeof spec === 'object' ? ref : spec;
    }
    const alternatives = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].map(specOf).filter((x): x is Spec => x !== undefined);
    const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (types.includes('array')) alternatives.push(...[specOf(s.items)].filter((x): x is Spec => x !== undefined));
    if (types.includes('number')) alternatives.push('number');
    if (s.properties) {
      const props: Record<string, Spec> = {};
      for (const [name, sub] of Object.entries(s.properties as Record<string, Schema>)) {
        const spec = specOf(sub);
        if (spec !== undefined) props[name] = spec;
      }
      if (Object.keys(props).length) alternatives.push(props);
    }
    if (alternatives.length === 0) return undefined;
    if (alternatives.every((a) => a === alternatives[0])) return alternatives[0];
    // Several object alternatives: one shape with every property they mark (they must agree).
    const merged: Record<string, Spec> = {};
    for (const a of alternatives) {
      const props = typeof a === 'string' ? (a === 'decimal' || a === 'number' ? undefined : named(a)) : a;
      if (!props || typeof props !== 'object') throw new Error(`python.gen: a schema mixes a decimal with an object (${JSON.stringify(alternatives)})`);
      for (const [k, v] of Object.entries(props)) {
        if (merged[k] !== undefined && JSON.stringify(merged[k]) !== JSON.stringify(v)) throw new Error(`python.gen: alternatives disagree on ${k}`);
        merged[k] = v;
      }
    }
    return merged;
  };
  // An Event's `data.object` is free-form in its own schema; the contract's `webhooks` section
  // gives each event type its payload schema, so an Event is read by the schema of its `type`.
  const byType: Record<string, string> = {};
  for (const [type, item] of Object.entries((doc as { webhooks?: Record<string, any> }).webhooks ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const payload = refName(deref(doc, deref(doc, item)?.post?.requestBody)?.content?.['application/json']?.schema);
    if (payload && named(payload) !== undefined) byType[type] = payload;
  }
  if (doc.components.schemas.Event && Object.keys(byType).length) memo.set('Event', { $type: byType });
  const out: Record<string, Spec> = {};
  for (const name of Object.keys(doc.components.schemas).sort()) {
    const shape = named(name);
    if (shape !== undefined) out[name] = shape;
  }
  return out;
}

function pyType(doc: Doc, s: Schema | undefined, depth = 0): string {
  if (!s || depth > 6) return 'Any';
  const ref = refName(s);
  if (ref && DECIMAL_SCHEMAS.includes(ref)) return 'Union[Decimal, str]';
  if (ref) return pyType(doc, deref(doc, s), depth + 1);
  const alts = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  if (alts.length) {
    const nullable = alts.some((a: Schema) => a.type === 'null');
    const inner = [...new Set(alts.filter((a: Schema) => a.type !== 'null').map((a: Schema) => pyType(doc, a, depth + 1)))];
    const t = inner.length === 1 ? inner[0]! : inner.length ? `Union[${inner.join(', ')}]` : 'Any';
    return nullable ? `Optional[${t}]` : t;
  }
  const types: string[] = (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []).filter((t: string) => t !== 'null');
  const nullable = Array.isArray(s.type) && s.type.includes('null');
  let t = 'Any';
  const type = types[0];
  if (type === 'string') t = s.format === 'date-time' ? 'Union[str, datetime.datetime]' : s.format === 'date' ? 'Union[str, datetime.date]' : 'str';
  else if (type === 'integer') t = 'int';
  else if (type === 'number') t = 'Union[Decimal, int, float]';
  else if (type === 'boolean') t = 'bool';
  else if (type === 'array') t = `Sequence[${pyType(doc, s.items, depth + 1)}]`;
  else if (type === 'object' || s.properties) t = 'Mapping[str, Any]';
  return nullable ? `Optional[${t}]` : t;
}

/** A contract name as a Python argument: a keyword gets a trailing underscore (`from_`). */
export const pyName = (name: string) => (PY_KEYWORDS.has(name) ? `${name}_` : name);
const pyStr = (s: string) => JSON.stringify(s);
const firstSentence = (text: string | undefined) => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(?=\s+[A-Z(]|$)/.exec(flat);
  return (m ? m[1]! : flat).replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
};
const singular = (resource: string) => pascal(resource.endsWith('sses') ? resource.slice(0, -2) : resource.endsWith('s') ? resource.slice(0, -1) : resource);
const resourceClass = (resource: string) => `${pascal(resource)}Resource`;

interface Arg { name: string; wire: string; type: string; required: boolean; description?: string }

/** Path parameters in the order of the path template (declared on the operation or the path). */
function pathArgs(doc: Doc, op: SdkOperation): Arg[] {
  const declared = new Map<string, any>();
  for (const p of [...(doc.paths[op.path]?.parameters ?? []), ...(doc.paths[op.path]?.[op.httpMethod]?.parameters ?? [])].map((x: any) => deref(doc, x))) {
    if (p.in === 'path') declared.set(p.name, p);
  }
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => {
    const p = declared.get(m[1]!);
    return { name: pyName(m[1]!), wire: m[1]!, type: 'str', required: true, description: p?.description ?? deref(doc, p?.schema)?.description };
  });
}

function queryArgs(doc: Doc, op: SdkOperation): Arg[] {
  return op.queryParams.map((p) => ({ name: pyName(p.name), wire: p.name, type: pyType(doc, p.schema), required: p.required, description: p.description ?? deref(doc, p.schema)?.description }));
}

function bodyArgs(doc: Doc, op: SdkOperation): Arg[] {
  if (!op.body) return [];
  const schema = deref(doc, op.body);
  const required = new Set<string>(schema.required ?? []);
  const props: Record<string, Schema> = { ...(schema.properties ?? {}) };
  for (const part of schema.allOf ?? []) Object.assign(props, deref(doc, part).properties ?? {});
  const args = Object.entries(props).map(([name, s]) => ({
    name: pyName(name), wire: name, type: pyType(doc, s), required: required.has(name), description: s.description ?? deref(doc, s)?.description,
  }));
  return [...args.filter((a) => a.required), ...args.filter((a) => !a.required)];
}

function checkNames(where: string, args: Arg[]): void {
  const seen = new Set<string>();
  for (const a of args) {
    if (OPTION_NAMES.includes(a.name)) {
      throw new Error(`python.gen: ${where} has a field named ${a.name}, which the Python SDK reserves for a per-call option; rename the option keyword in client/python before generating`);
    }
    if (seen.has(a.name)) throw new Error(`python.gen: ${where} has two arguments named ${a.name}`);
    seen.add(a.name);
  }
}

function callExpr(doc: Doc, op: SdkOperation, indent: string, shapesByName: Record<string, unknown>, write: boolean): string {
  const path = pathArgs(doc, op);
  const query = queryArgs(doc, op);
  const body = bodyArgs(doc, op);
  const dict = (args: Arg[]) => (args.length ? `{${args.map((a) => `${pyStr(a.wire)}: ${a.name}`).join(', ')}}` : '{}');
  const bodyName = refName(op.body);
  const resultName = refName(op.result);
  const schemaArg = (name: string | undefined) => (name && shapesByName[name] ? pyStr(name) : 'None');
  const opts = `api_key=api_key, idempotency_key=${write ? 'idempotency_key' : 'None'}, timeout=timeout, headers=headers`;
  const auth = op.public ? 'False' : 'True';
  if (op.paginated) {
    return `${indent}return self._list(\n${indent}    ${pyStr(op.path)}, path=${dict(path)}, query=${dict(query)},\n` +
      `${indent}    result_schema=${schemaArg(resultName)}, auth=${auth}, ${opts})\n`;
  }
  return `${indent}return self._call(\n${indent}    ${pyStr(op.httpMethod)}, ${pyStr(op.path)}, path=${dict(path)}, query=${dict(query)},\n` +
    `${indent}    body=${op.body ? dict(body) : 'None'}, body_schema=${schemaArg(bodyName)}, result_schema=${schemaArg(resultName)},\n` +
    `${indent}    auth=${auth}, binary=${op.resultKind === 'binary' ? 'True' : 'False'}, ${opts})\n`;
}

function renderMethod(doc: Doc, m: SdkMethod, shapesByName: Record<string, unknown>): string {
  const [first, ...rest] = m.operations;
  if (!first) throw new Error(`python.gen: ${m.resource}.${m.method} has no operation`);
  const path = pathArgs(doc, first);
  // A second operation may only add trailing optional path segments (stocks.chart(symbol, range)).
  const extra: Arg[] = [];
  for (const op of rest) {
    const more = pathArgs(doc, op);
    if (more.slice(0, path.length).map((a) => a.name).join() !== path.map((a) => a.name).join()) {
      throw new Error(`python.gen: ${m.resource}.${m.method}: ${op.operationId} does not extend ${first.operationId}'s path`);
    }
    for (const a of more.slice(path.length)) if (!extra.some((e) => e.name === a.name)) extra.push(a);
  }
  const query = queryArgs(doc, first);
  const body = bodyArgs(doc, first);
  const write = first.httpMethod !== 'get';
  checkNames(`${m.resource}.${m.method}`, [...path, ...extra, ...query, ...body]);
  const kw = [...query, ...body];
  const params = [
    'self',
    ...path.map((a) => `${a.name}: str`),
    ...extra.map((a) => `${a.name}: Optional[str] = None`),
    '*',
    ...kw.filter((a) => a.required).map((a) => `${a.name}: ${a.type}`),
    ...kw.filter((a) => !a.required).map((a) => `${a.name}: ${a.type.startsWith('Union[') ? a.type.replace(/\]$/, ', NotGiven]') : `Union[${a.type}, NotGiven]`} = NOT_GIVEN`),
    'api_key: Optional[str] = None',
    ...(write ? ['idempotency_key: Optional[str] = None'] : []),
    'timeout: Optional[Timeout] = None',
    'headers: Optional[Mapping[str, str]] = None',
  ];
  const resultModel = refName(first.result);
  const returns = first.paginated ? 'ListObject' : first.resultKind === 'binary' ? 'bytes'
    : resultModel && isModel(doc, shapesByName as Record<string, Spec>, resultModel) ? `models.${resultModel}` : 'FinosObject';
  const http = m.operations.map((op) => `${op.httpMethod.toUpperCase()} ${op.path} (${op.operationId})`);
  const argDocs = [...path, ...extra, ...kw].filter((a) => a.description).map((a) => `            ${a.name}: ${firstSentence(a.description)}`);
  const doc_ = [
    `        """${firstSentence(first.summary) || `${m.resource}.${m.method}`}`,
    '',
    ...http.map((h) => `        ${h}`),
    ...(first.paginated ? ['', '        Returns one page; ``auto_paging_iter()`` on it walks every page.'] : []),
    ...(argDocs.length ? ['', '        Args:', ...argDocs] : []),
    '        """',
  ];
  let bodyCode: string;
  if (rest.length) {
    const branches = rest.slice().reverse().map((op) => {
      const added = pathArgs(doc, op).slice(path.length);
      return `        if ${added.map((a) => `${a.name} is not None`).join(' and ')}:\n${callExpr(doc, op, '            ', shapesByName, write)}`;
    });
    bodyCode = branches.join('') + callExpr(doc, first, '        ', shapesByName, write);
  } else {
    bodyCode = callExpr(doc, first, '        ', shapesByName, write);
  }
  return `    def ${m.method}(\n        ${params.join(',\n        ')},\n    ) -> ${returns}:\n${doc_.join('\n')}\n${bodyCode}`;
}

export function renderPython(doc: Doc, methods: SdkMethod[]): string {
  const shapeTable = shapes(doc);
  const resources = [...new Set(methods.map((m) => m.resource))];
  const out: string[] = [];
  out.push(
    '# DO NOT EDIT. Generated by `npm run generate` (scripts/sdk/python.gen.ts) from generated/openapi.json',
    '# and openapi/sdk-methods.yaml. Edit the contract or the generator, then run `npm run generate`.',
    '"""The resources and methods of the Finos API, one class per resource, one method per operation."""',
    'import datetime',
    'from decimal import Decimal',
    'from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union',
    '',
    'from . import models',
    'from ._base import NOT_GIVEN, GlobalResource, NotGiven, Resource',
    'from ._http import Timeout',
    'from ._list import ListObject',
    'from ._object import FinosObject',
    '',
    `# Per contract schema, the properties holding exact decimals: "decimal" is a decimal string`,
    `# (schemas ${DECIMAL_SCHEMAS.join(', ')}), read as Decimal and written as a string;`,
    '# "number" is a JSON number, read as Decimal and written as a bare number; any other string names',
    '# the schema of a nested object (or of a list of them). Lists and nulls are looked through.',
    '# {"$type": {...}} picks the schema by the object\'s own `type` field (events by event type).',
    'SHAPES: Dict[str, Any] = {',
    ...Object.entries(shapeTable).map(([name, shape]) => `    ${pyStr(name)}: ${JSON.stringify(shape).replace(/,/g, ', ').replace(/:/g, ': ')},`),
    '}',
    '',
    '# Every SDK method: (resource, method, operationId, HTTP method, path).',
    'OPERATIONS: Tuple[Tuple[str, str, str, str, str], ...] = (',
    ...methods.flatMap((m) => m.operations.map((op) => `    (${[m.resource, m.method, op.operationId, op.httpMethod.toUpperCase(), op.path].map(pyStr).join(', ')}),`)),
    ')',
    '',
    '',
    'class _Resource(Resource):',
    '    _shapes = SHAPES',
    '    _models = models.MODELS',
    '',
  );
  for (const resource of resources) {
    out.push('', `class ${resourceClass(resource)}(_Resource):`, `    """\`\`client.${resource}\`\`."""`, '');
    const own = methods.filter((m) => m.resource === resource);
    out.push(own.map((m) => renderMethod(doc, m, shapeTable)).join('\n'));
  }
  out.push(
    '',
    'RESOURCES: Dict[str, Any] = {',
    ...resources.map((r) => `    ${pyStr(r)}: ${resourceClass(r)},`),
    '}',
    '',
    '',
    'class ClientResources:',
    '    """The resources a client carries as attributes."""',
    '',
    ...resources.map((r) => `    ${r}: ${resourceClass(r)}`),
    '',
    '    def _attach(self, requestor: Any) -> None:',
    ...resources.map((r) => `        self.${r} = ${resourceClass(r)}(requestor)`),
    '',
  );
  const singulars = resources.map(singular);
  if (new Set(singulars).size !== singulars.length) throw new Error('python.gen: two resources share a singular name');
  for (const r of resources) {
    out.push('', `class ${singular(r)}(GlobalResource):`,
      `    """\`\`finos.${singular(r)}.<method>(...)\`\`: the \`\`${r}\`\` methods on a client made from \`\`finos.api_key\`\` and \`\`finos.api_base\`\`."""`,
      '', `    _resource = ${pyStr(r)}`, '');
  }
  out.push('', '__all__ = [', ...resources.flatMap((r) => [`    ${pyStr(resourceClass(r))},`, `    ${pyStr(singular(r))},`]), ']', '');
  return out.join('\n').replace(/\n{3,}(?=class )/g, '\n\n\n').replace(/\n{4,}/g, '\n\n\n');
}

/** A schema as a model field's annotation: object schemas by their model class's name. */
function modelType(doc: Doc, shapeTable: Record<string, Spec>, s: Schema | undefined, depth = 0): string {
  if (!s || depth > 6) return 'Any';
  const ref = refName(s);
  if (ref && DECIMAL_SCHEMAS.includes(ref)) return 'Decimal';
  if (ref && isModel(doc, shapeTable, ref)) return ref;
  if (ref) return modelType(doc, shapeTable, deref(doc, s), depth + 1);
  const alts = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const nullable = types.includes('null') || alts.some((a: Schema) => a.type === 'null');
  let t = 'Any';
  if (alts.length) {
    const inner = [...new Set(alts.filter((a: Schema) => a.type !== 'null').map((a: Schema) => modelType(doc, shapeTable, a, depth + 1)))];
    t = inner.length === 1 ? inner[0]! : inner.length ? `Union[${inner.join(', ')}]` : 'Any';
  } else {
    const type = types.filter((x) => x !== 'null')[0];
    if (type === 'string') t = 'str';
    else if (type === 'integer') t = 'int';
    else if (type === 'number') t = 'Decimal';
    else if (type === 'boolean') t = 'bool';
    else if (type === 'array') t = `List[${modelType(doc, shapeTable, s.items, depth + 1)}]`;
    else if (type === 'object' || s.properties) t = 'FinosObject';
  }
  return nullable && !t.startsWith('Optional[') ? `Optional[${t}]` : t;
}

const isModel = (doc: Doc, shapeTable: Record<string, Spec>, name: string) =>
  Boolean(doc.components.schemas[name]?.properties) && typeof shapeTable[name] === 'object';

/** The object schemas an answer can hold: every result, webhook payload and what they contain. */
function answerSchemas(doc: Doc, methods: SdkMethod[], shapeTable: Record<string, Spec>): Set<string> {
  const seen = new Set<string>();
  const visit = (spec: unknown): void => {
    if (typeof spec === 'string') {
      if (shapeTable[spec] === undefined || seen.has(spec)) return;
      seen.add(spec);
      visit(shapeTable[spec]);
    } else if (spec && typeof spec === 'object') {
      for (const v of Object.values(spec)) visit(v);
    }
  };
  for (const m of methods) for (const op of m.operations) visit(refName(op.result));
  visit('Event');
  return seen;
}

export function renderModels(doc: Doc, methods: SdkMethod[]): string {
  const shapeTable = shapes(doc);
  const answers = answerSchemas(doc, methods, shapeTable);
  const names = Object.keys(doc.components.schemas).filter((n) => answers.has(n) && isModel(doc, shapeTable, n)).sort();
  const out = [
    '# DO NOT EDIT. Generated by `npm run generate` (scripts/sdk/python.gen.ts) from generated/openapi.json.',
    '# Edit the contract or the generator, then run `npm run generate`.',
    '"""One class per object schema of the contract. Answers come back as these classes (a ``dict``',
    'with attribute access, see ``FinosObject``); the annotations say what each field holds. Fields',
    'the contract adds later, or names that are not Python identifiers (``quote["52week_high"]``),',
    'are there as keys all the same."""',
    'from __future__ import annotations',
    '',
    'from decimal import Decimal',
    'from typing import Any, Dict, List, Optional, Union',
    '',
    'from ._object import FinosObject',
  ];
  for (const name of names) {
    const schema = doc.components.schemas[name]!;
    const fields = Object.entries((schema.properties ?? {}) as Record<string, Schema>)
      .filter(([field]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) && !PY_KEYWORDS.has(field))
      .map(([field, sub]) => `    ${field}: ${modelType(doc, shapeTable, sub)}`);
    const summary = firstSentence(schema.description) || `The ${name} object.`;
    out.push('', '', `class ${name}(FinosObject):`, `    """${summary}"""`, ...(fields.length ? ['', ...fields] : []));
  }
  out.push('', '', 'MODELS: Dict[str, type] = {', ...names.map((n) => `    ${pyStr(n)}: ${n},`), '}', '');
  return out.join('\n');
}

export function render(doc: Doc, methods: SdkMethod[]): Map<string, string> {
  return new Map([[PYTHON_RESOURCES_FILE, renderPython(doc, methods)], [PYTHON_MODELS_FILE, renderModels(doc, methods)]]);
}
