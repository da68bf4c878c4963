// The Go model declarations: a typed struct for every component schema, enum string types with a
// constant per value, unions, and the Go type of any schema by the type rules of go.gen.ts.
import type { Doc, Schema } from '../operations.ts';
import { refName } from '../operations.ts';
import { comment, constName, docComment, goName, goString, singular, typeName } from './names.ts';

export interface Field { name: string; type: string; tag: string; doc?: string }
interface Decl { name: string; text: string }

export class Generator {
  readonly decls: Decl[] = [];
  /** Per struct type: JSON name → Go field name and type (the code samples use them). */
  readonly structs = new Map<string, Map<string, { name: string; type: string }>>();
  /** Per enum type: value → constant name. */
  readonly enums = new Map<string, Map<string, string>>();
  private readonly names = new Set<string>();
  /** Inline enums of parameters, by their sorted values, so `order` is one type everywhere. */
  private readonly enumsByValues = new Map<string, string>();
  usesTime = false;
  usesJSON = false;

  constructor(readonly doc: Doc) {}

  claim(name: string): string {
    if (this.names.has(name)) throw new Error(`go.gen.ts: two Go types would be named ${name}`);
    this.names.add(name);
    return name;
  }

  /** An inline type's name; `Info` is added when a component schema already has it. */
  inlineName(context: string): string {
    const taken = Object.keys(this.schemas()).some((n) => typeName(n) === context);
    return taken ? context + 'Info' : context;
  }

  schemas(): Record<string, Schema> { return this.doc.components.schemas; }

  /** Every component schema that becomes a Go type, in contract order. */
  components(): void {
    for (const [name, schema] of Object.entries(this.schemas())) {
      if (this.isPrimitive(schema)) continue;
      if (isEnum(schema)) this.enumType(typeName(name), enumValues(schema), schema.description);
      else if (schema.properties) this.struct(typeName(name), schema);
      else if (schema.type === 'array') {
        const item = this.typeOf(schema.items, typeName(name) + 'Item');
        this.decls.push({ name: this.claim(typeName(name)), text: [...docComment(schema.description), `type ${typeName(name)} []${item.type}`].join('\n') });
      } else if (schema.anyOf || schema.oneOf) this.union(typeName(name), schema);
      else throw new Error(`go.gen.ts: cannot map component schema ${name}`);
    }
  }

  /** A string, number, integer or boolean without an enum: no Go type of its own. */
  isPrimitive(s: Schema): boolean {
    return !isEnum(s) && !s.properties && !s.anyOf && !s.oneOf && ['string', 'integer', 'number', 'boolean'].includes(s.type);
  }

  primitive(s: Schema): string {
    if (s.type === 'string') {
      if (s.format === 'date-time') { this.usesTime = true; return 'time.Time'; }
      if (s.contentEncoding === 'base64') return '[]byte';
      return 'string';
    }
    if (s.type === 'integer') return 'int64';
    if (s.type === 'number') return 'float64';
    if (s.type === 'boolean') return 'bool';
    throw new Error(`go.gen.ts: no primitive for ${JSON.stringify(s)}`);
  }

  enumType(name: string, values: string[], description?: string): string {
    this.claim(name);
    const seen = new Set<string>();
    const names = values.map((v) => {
      // A value that differs from an earlier one only in letter case is named for its case
      // (`…EmployedSelfEmployedTitleCase`), so a reader can tell the two apart; any other
      // clash (punctuation only) gets a counter.
      let c = name + constName(v);
      if (seen.has(c) && v !== v.toLowerCase() && values.includes(v.toLowerCase())) c += 'TitleCase';
      for (let n = 2; seen.has(c); n++) c = name + constName(v) + n;
      seen.add(c);
      return c;
    });
    this.enums.set(name, new Map(values.map((v, i) => [v, names[i]!])));
    const width = Math.max(...names.map((c) => c.length));
    const consts = values.map((v, i) => {
      const c = names[i]!;
      return `\t${c.padEnd(width)} ${name} = ${goString(v)}`;
    });
    const doc = docComment(description);
    const text = [
      ...(doc.length ? doc : [`// ${name} is one of the values below; a value this version does not list still decodes.`]),
      `type ${name} string`,
      '',
      `// The values of ${name} this version knows.`,
      'const (',
      ...consts,
      ')',
    ].join('\n');
    this.decls.push({ name, text });
    return name;
  }

  /** An enum for a parameter: shares a type with an identical enum already declared. */
  paramEnum(name: string, values: string[]): string {
    const key = [...values].sort().join('\u0000');
    const found = this.enumsByValues.get(key);
    if (found) return found;
    const made = this.enumType(name, values);
    this.enumsByValues.set(key, made);
    return made;
  }

  /**
   * The Go type of a schema. `context` names any type it has to declare (an inline object or
   * enum). `nullable` tells whether JSON null is one of its values.
   */
  typeOf(schema: Schema | boolean | undefined, context: string): { type: string; nullable: boolean } {
    if (schema === undefined || schema === true || schema === false) { this.usesJSON = true; return { type: 'json.RawMessage', nullable: true }; }
    const ref = refName(schema);
    if (ref) {
      const target = this.schemas()[ref];
      if (!target) throw new Error(`go.gen.ts: unknown schema ${ref}`);
      if (this.isPrimitive(target)) return { type: this.primitive(target), nullable: false };
      return { type: typeName(ref), nullable: false };
    }
    const alts = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
    if (alts) {
      const rest = alts.filter((a) => a.type !== 'null');
      if (rest.length === 1 && alts.length === 2) return { type: this.typeOf(rest[0], context).type, nullable: true };
      throw new Error(`go.gen.ts: inline union at ${context} is not supported; make it a component schema`);
    }
    const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    const nullable = types.includes('null');
    const type = types.filter((t) => t !== 'null');
    if (type.length === 0) {
      if (nullable) return { type: 'string', nullable: true };
      throw new Error(`go.gen.ts: schema without a type at ${context}`);
    }
    if (type.length > 1) throw new Error(`go.gen.ts: several types at ${context}`);
    const t = type[0];
    if (t === 'string' && schema.enum) {
      const made = this.enumType(this.inlineName(context), enumValues(schema), undefined);
      const key = [...enumValues(schema)].sort().join('\u0000');
      if (!this.enumsByValues.has(key)) this.enumsByValues.set(key, made);
      return { type: made, nullable };
    }
    if (t === 'object') {
      if (!schema.properties) { this.usesJSON = true; return { type: 'json.RawMessage', nullable: true }; }
      const same = Object.entries(this.schemas()).find(([, c]) => c.properties && shape(c) === shape(schema));
      if (same) return { type: typeName(same[0]), nullable };
      return { type: this.struct(this.inlineName(context), schema), nullable };
    }
    if (t === 'array') {
      const item = this.typeOf(schema.items, singular(context));
      const itemType = item.nullable && !isNilable(item.type) ? '*' + item.type : item.type;
      return { type: '[]' + itemType, nullable: true };
    }
    return { type: this.primitive({ ...schema, type: t }), nullable };
  }

  struct(name: string, schema: Schema): string {
    this.claim(name);
    const required = new Set<string>(schema.required ?? []);
    const fields: Field[] = [];
    const used = new Set<string>();
    for (const [prop, raw] of Object.entries(schema.properties as Record<string, Schema>)) {
      const fieldName = goName(prop);
      if (used.has(fieldName)) throw new Error(`go.gen.ts: ${name} has two fields named ${fieldName}`);
      used.add(fieldName);
      const { type, nullable } = this.typeOf(raw, name + fieldName);
      const isRequired = required.has(prop);
      let goType = type;
      let omit = !isRequired;
      if (nullable && !isNilable(type)) goType = isRequired ? '*' + type : `*Nullable[${type}]`;
      else if (!isRequired && !isNilable(type) && type !== 'string' && !this.isStringEnum(type)) goType = '*' + type;
      if (isRequired) omit = false;
      const desc = typeof raw === 'object' ? raw.description : undefined;
      fields.push({ name: fieldName, type: goType, tag: `\`json:"${prop}${omit ? ',omitempty' : ''}"\``, doc: desc });
    }
    this.structs.set(name, new Map(fields.map((f) => [/json:"([^,"]+)/.exec(f.tag)![1]!, { name: f.name, type: f.type }])));
    const lines = [...docComment(schema.description), `type ${name} struct {`, ...alignFields(fields), '}'];
    this.decls.push({ name, text: lines.join('\n') });
    return name;
  }

  isStringEnum(type: string): boolean {
    return this.decls.some((d) => d.name === type && d.text.includes(`type ${type} string`));
  }

  /** A schema that is one of several shapes: one field per shape, filled by UnmarshalJSON. */
  union(name: string, schema: Schema): void {
    this.claim(name);
    const alts = (schema.anyOf ?? schema.oneOf) as Schema[];
    const members = alts.map((a) => {
      const ref = refName(a);
      if (!ref) throw new Error(`go.gen.ts: union ${name} must list component schemas`);
      const target = this.schemas()[ref]!;
      const object = target.type === 'array' ? this.schemas()[refName(target.items) ?? ''] : target;
      if (!object?.properties) throw new Error(`go.gen.ts: union ${name} member ${ref} is neither an object nor an array of objects`);
      return { field: goName(ref.startsWith(name) ? ref.slice(name.length) || ref : ref), type: typeName(ref), array: target.type === 'array', required: (object.required ?? []) as string[] };
    });
    this.usesJSON = true;
    const fields = members.map((m) => ({ name: m.field, type: m.array ? m.type : '*' + m.type, tag: '`json:"-"`' }));
    const lines = [
      ...docComment(schema.description),
      `//`,
      `// Exactly one field is set: the first shape (in the order below) whose required fields the answer has.`,
      `type ${name} struct {`, ...alignFields(fields), '}', '',
      `// UnmarshalJSON picks the shape by its required fields.`,
      `func (u *${name}) UnmarshalJSON(data []byte) error {`,
      `\t*u = ${name}{}`,
      ...members.flatMap((m, i) => {
        const assign = m.array
          ? [`return json.Unmarshal(data, &u.${m.field})`]
          : [`u.${m.field} = new(${m.type})`, `return json.Unmarshal(data, u.${m.field})`];
        if (i === members.length - 1) return assign.map((l) => '\t' + l);
        const check = `hasFields(data, ${m.array}, ${m.required.map(goString).join(', ')})`;
        return [`\tif ${check} {`, ...assign.map((l) => '\t\t' + l), '\t}'];
      }),
      '}', '',
      `// MarshalJSON writes whichever shape is set.`,
      `func (u ${name}) MarshalJSON() ([]byte, error) {`,
      ...members.slice(0, -1).flatMap((m) => [`\tif u.${m.field} != nil {`, `\t\treturn json.Marshal(u.${m.field})`, '\t}']),
      `\treturn json.Marshal(u.${members[members.length - 1]!.field})`,
      '}',
    ];
    this.decls.push({ name, text: lines.join('\n') });
  }
}

/** A schema with its wording and constraints left out: two inline copies of one shape compare equal. */
function shape(s: Schema): string {
  const ignore = new Set(['description', 'examples', 'example', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'maxItems', 'minItems', 'title', 'default']);
  return JSON.stringify(s, (k, v) => (ignore.has(k) || (k === 'format' && v !== 'date-time') ? undefined : v));
}

export const isEnum = (s: Schema) => Array.isArray(s.enum) && (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string')));
export const enumValues = (s: Schema) => (s.enum as unknown[]).filter((v): v is string => typeof v === 'string');
const isNilable = (t: string) => t.startsWith('[]') || t.startsWith('map[') || t === 'json.RawMessage';

/** Struct fields as gofmt lays them out: a doc comment breaks the alignment run. */
export function alignFields(fields: Field[]): string[] {
  const out: string[] = [];
  let run: Field[] = [];
  const flush = () => {
    const nw = Math.max(...run.map((f) => f.name.length));
    const tw = Math.max(...run.map((f) => f.type.length));
    for (const f of run) out.push(`\t${f.name.padEnd(nw)} ${f.type.padEnd(tw)} ${f.tag}`);
    run = [];
  };
  for (const f of fields) {
    if (f.doc) {
      if (run.length) flush();
      out.push(...comment(f.doc, '\t'));
    }
    run.push(f);
  }
  if (run.length) flush();
  return out;
}
