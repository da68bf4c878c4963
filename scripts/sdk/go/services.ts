// The Go service methods: one per entry of the SDK method table, planned from its operations (path
// arguments, a params struct, what it returns) and written as the body that calls the runtime.
import type { Schema, SdkMethod, SdkOperation, SdkParam } from '../operations.ts';
import { refName } from '../operations.ts';
import { alignFields, enumValues, isEnum, type Field, type Generator } from './models.ts';
import { goName, goString, typeName } from './names.ts';

export interface MethodPlan {
  resource: string;
  goResource: string;
  goMethod: string;
  signature: string;
  body: string[];
  doc: string[];
  operationIds: string[];
  paramsName?: string;
  kind: 'iter' | 'raw' | 'object';
  result?: string;
}

function pathArgName(p: string): string {
  const n = goName(p);
  return n.charAt(0).toLowerCase() + n.slice(1).replace(/^iD/, 'id');
}

function paramsStruct(g: Generator, name: string, params: SdkParam[], pathOptional: SdkParam[]): string {
  g.claim(name);
  const fields: Field[] = [];
  const setters: string[] = [];
  for (const p of [...pathOptional, ...params]) {
    const fieldName = goName(p.name);
    let type: string;
    const s = p.schema;
    const ref = refName(s);
    const target = ref ? g.schemas()[ref]! : s;
    if (isEnum(target)) type = ref ? typeName(ref) : g.paramEnum(name.replace(/Params$/, '') + fieldName, enumValues(target));
    else if (target.type === 'string') type = 'string';
    else if (target.type === 'integer') type = 'int64';
    else throw new Error(`go.gen.ts: query parameter ${p.name} of type ${JSON.stringify(target.type)} is not supported`);
    const req = p.required;
    fields.push({ name: fieldName, type, tag: `\`json:"${p.name}${req ? '' : ',omitempty'}"\``, doc: (p.description ?? '') + (req ? (p.description ? '\n' : '') + 'Required.' : '') || undefined });
    if (pathOptional.includes(p)) continue;
    const value = type === 'int64' ? `strconv.FormatInt(p.${fieldName}, 10)` : type === 'string' ? `p.${fieldName}` : `string(p.${fieldName})`;
    const zero = type === 'int64' ? '0' : '""';
    setters.push(req ? `\tq.Set(${goString(p.name)}, ${value})` : `\tif p.${fieldName} != ${zero} {\n\t\tq.Set(${goString(p.name)}, ${value})\n\t}`);
  }
  g.structs.set(name, new Map(fields.map((f) => [/json:"([^,"]+)/.exec(f.tag)![1]!, { name: f.name, type: f.type }])));
  const lines = [`// ${name} are the optional arguments of a call; a zero field is not sent.`, `type ${name} struct {`, ...alignFields(fields), '}'];
  if (params.length) {
    lines.push('', `func (p *${name}) query() url.Values {`, '\tq := url.Values{}', '\tif p == nil {',
      ...params.filter((p) => p.required).map((p) => `\t\tq.Set(${goString(p.name)}, "")`), '\t\treturn q', '\t}', ...setters, '\treturn q', '}');
  }
  g.decls.push({ name, text: lines.join('\n') });
  return name;
}

function resultType(g: Generator, op: SdkOperation): string | undefined {
  if (op.resultKind === 'binary') return undefined;
  const ref = refName(op.result);
  if (!ref) throw new Error(`go.gen.ts: ${op.operationId} answers an inline schema`);
  return typeName(ref);
}

// Path parameters come from the template itself: some are declared on the path item, not the
// operation, and sdkMethods() lists only the operation's own.
function templateParams(o: SdkOperation): SdkParam[] {
  return [...o.path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!)
    .map((name) => o.pathParams.find((p) => p.name === name) ?? { name, in: 'path', required: true, schema: { type: 'string' } });
}

/**
 * The trailing path parameters a method's second operation adds (its params struct carries them),
 * after checking that this is all it adds and that it answers a schema the first one's is part of.
 */
function widerPathParams(g: Generator, m: SdkMethod, op: SdkOperation, wider: SdkOperation | undefined): SdkParam[] {
  if (!wider) return [];
  const pathParams = templateParams(op);
  const optionalPath = templateParams(wider).filter((p) => !pathParams.some((q) => q.name === p.name));
  if (wider.path !== op.path + optionalPath.map((p) => `/{${p.name}}`).join('') || wider.httpMethod !== op.httpMethod || wider.queryParams.length || wider.body)
    throw new Error(`go.gen.ts: ${m.resource}.${m.method}: the second operation may only add trailing path parameters`);
  const first = refName(op.result);
  const union = g.schemas()[refName(wider.result)!]!;
  const members = ((union.anyOf ?? union.oneOf ?? []) as Schema[]).map(refName);
  if (first !== refName(wider.result) && !members.includes(first)) throw new Error(`go.gen.ts: ${m.resource}.${m.method}: the two operations answer unrelated schemas`);
  return optionalPath;
}

/** The Go return type and the statements that make the call: an iterator, raw bytes or a decoded object. */
function callStatements(g: Generator, op: SdkOperation, result: string | undefined, req: string): { returns: string; body: string[] } {
  if (op.paginated) {
    const list = g.schemas()[refName(op.result)!]!;
    const item = refName(list.properties.data.items);
    if (!item) throw new Error(`go.gen.ts: ${op.operationId}: list items must be a component schema`);
    return { returns: `*Iter[${typeName(item)}]`, body: [`\treturn newIter[${typeName(item)}](ctx, s.b, ${req}, opts)`] };
  }
  if (!result) return { returns: '([]byte, error)', body: [`\treturn s.b.callRaw(ctx, ${req}, opts)`] };
  return {
    returns: `(*${result}, error)`,
    body: [`\tout := new(${result})`, `\tif err := s.b.call(ctx, ${req}, opts, out); err != nil {`, '\t\treturn nil, err', '\t}', '\treturn out, nil'],
  };
}

export function planMethod(g: Generator, m: SdkMethod): MethodPlan {
  const [op, wider] = m.operations as [SdkOperation, SdkOperation | undefined];
  const goResource = goName(m.resource);
  const goMethod = goName(m.method);
  const pathParams = templateParams(op);
  const optionalPath = widerPathParams(g, m, op, wider);
  if (op.body && op.queryParams.length) throw new Error(`go.gen.ts: ${op.operationId} has both a body and query parameters`);
  const args = ['ctx context.Context', ...pathParams.map((p) => `${pathArgName(p.name)} string`)];
  let paramsName: string | undefined;
  if (op.body) {
    const ref = refName(op.body);
    if (!ref) throw new Error(`go.gen.ts: ${op.operationId} takes an inline body`);
    paramsName = typeName(ref);
    args.push(`params *${paramsName}`);
  } else if (op.queryParams.length || optionalPath.length) {
    paramsName = paramsStruct(g, `${goResource}${goMethod}Params`, op.queryParams, optionalPath);
    args.push(`params *${paramsName}`);
  }
  args.push('opts ...RequestOption');

  const result = resultType(g, wider ?? op);
  const pathExpr = (o: SdkOperation, extra: SdkParam[]) =>
    `buildPath(${goString(o.path)}${[...pathParams.map((p) => `, ${pathArgName(p.name)}`), ...extra.map((p) => `, string(params.${goName(p.name)})`)].join('')})`;
  const reqFields = (path: string) => [
    `method: ${goString(op.httpMethod.toUpperCase())}`,
    `path: ${path}`,
    ...(op.queryParams.length ? ['query: params.query()'] : []),
    ...(op.body ? ['body: params'] : []),
    ...(op.idempotent ? ['idempotent: true'] : []),
    ...(op.public ? ['public: true'] : []),
  ].join(', ');
  const body: string[] = [];
  if (wider) {
    const ifSet = optionalPath.map((p) => `params.${goName(p.name)} != ""`).join(' && ');
    body.push(`\tpath := ${pathExpr(op, [])}`, `\tif params != nil && ${ifSet} {`, `\t\tpath = ${pathExpr(wider, optionalPath)}`, '\t}');
  } else body.push(`\tpath := ${pathExpr(op, [])}`);
  const call = callStatements(g, op, result, `&apiRequest{${reqFields('path')}}`);
  body.push(...call.body);
  const doc = [
    `// ${goMethod} calls ${m.operations.map((o) => `${o.httpMethod.toUpperCase()} ${o.path}`).join(', or ')}${op.summary ? ` (${op.summary.replace(/\.$/, '')})` : ''}.`,
    ...(op.paginated ? ['// The iterator follows every page.'] : []),
    ...(op.idempotent ? ['// It sends an Idempotency-Key, generated unless WithIdempotencyKey gives one, the same on every retry.'] : []),
  ];
  const kind = op.paginated ? 'iter' : result ? 'object' : 'raw';
  const resultName = op.paginated ? typeName(refName(g.schemas()[refName(op.result)!]!.properties.data.items)!) : result;
  return { operationIds: m.operations.map((o) => o.operationId), paramsName, kind, result: resultName, resource: m.resource, goResource, goMethod, signature: `func (s *${goResource}Service) ${goMethod}(${args.join(', ')}) ${call.returns}`, body, doc };
}
