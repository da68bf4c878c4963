// Says where and why a request body is not JSON. JSON.parse reports a byte offset at best (and
// nothing for an unexpected token), which a person cannot act on; this walks the text once more,
// only after JSON.parse has refused it, and names the first problem with its line and column.
// No runtime dependency of the project offers a JSON parser that reports positions.

export interface JsonSyntaxProblem {
  /** Offset of the character at fault (the text's length when the text ended too early). */
  index: number;
  line: number;
  column: number;
  /** What is wrong there, for a person: "trailing comma before `}`". */
  problem: string;
}

class Stop extends Error {
  constructor(readonly index: number, readonly problem: string) {
    super(problem);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The first syntax problem in `text`, or null when it is valid JSON (or nested too deep to walk). */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  try {
    new JsonWalker(text).document();
    return null;
  } catch (err) {
    // Nesting deep enough to exhaust the stack: JSON.parse's own message is all there is.
    if (!(err instanceof Stop)) return null;
    return { index: err.index, ...lineColumn(text, err.index), problem: err.problem };
  }
}

const shown = (c: string) => (c === '`' ? "'`'" : `\`${c}\``);

/** One pass over the text by the JSON grammar; throws Stop at the first problem. */
class JsonWalker {
  private i = 0;

  constructor(private readonly text: string) {}

  document(): void {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) this.i++;
    this.skip();
    if (this.i >= text.length) throw new Stop(this.i, 'the body is empty');
    this.value();
    this.skip();
    if (this.i < text.length) throw new Stop(this.i, `unexpected ${shown(text[this.i]!)} after the end of the JSON value`);
  }

  private unexpected(expected: string): never {
    const text = this.text;
    if (this.i >= text.length) throw new Stop(this.i, `the body ends before the JSON is complete (${expected})`);
    const c = text[this.i]!;
    if (c === "'") throw new Stop(this.i, `unexpected ${shown(c)}: JSON strings and property names take double quotes`);
    throw new Stop(this.i, `unexpected ${shown(c)}, ${expected}`);
  }

  private skip(): void {
    while (this.i < this.text.length && WHITESPACE.has(this.text[this.i]!)) this.i++;
  }

  private string(): void {
    const text = this.text;
    this.i++; // the opening quote
    for (;;) {
      if (this.i >= text.length) throw new Stop(this.i, 'the body ends inside a string (a closing `"` is missing)');
      const c = text[this.i]!;
      if (c === '"') { this.i++; return; }
      if (c < ' ') throw new Stop(this.i, 'a raw control character (such as a line break or tab) inside a string; escape it, e.g. \\n');
      if (c === '\\') {
        const e = text[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 2, this.i + 6))) throw new Stop(this.i, 'a \\u escape needs 4 hexadecimal digits');
          this.i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) {
          this.i += 2;
        } else {
          throw new Stop(this.i, `invalid escape \`\\${e ?? ''}\` in a string`);
        }
        continue;
      }
      this.i++;
    }
  }

  private number(): void {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m || m[0] === '-') this.unexpected('expected a value');
    this.i += m![0].length;
  }

  private value(): void {
    this.skip();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) { this.i += word.length; return; }
    }
    this.unexpected('expected a value (an object, array, string, number, true, false or null)');
  }

  private object(): void {
    const text = this.text;
    this.i++;
    this.skip();
    if (text[this.i] === '}') { this.i++; return; }
    for (;;) {
      this.skip();
      if (text[this.i] !== '"') this.unexpected('expected a property name in double quotes');
      this.string();
      this.skip();
      if (text[this.i] !== ':') this.unexpected('expected `:` after the property name');
      this.i++;
      this.value();
      this.skip();
      if (text[this.i] === '}') { this.i++; return; }
      if (text[this.i] !== ',') this.unexpected('expected `,` or `}` after the property value');
      this.i++;
      this.skip();
      if (text[this.i] === '}') throw new Stop(this.i, 'trailing comma before `}`');
    }
  }

  private array(): void {
    const text = this.text;
    this.i++;
    this.skip();
    if (text[this.i] === ']') { this.i++; return; }
    for (;;) {
      this.value();
      this.skip();
      if (text[this.i] === ']') { this.i++; return; }
      if (text[this.i] !== ',') this.unexpected('expected `,` or `]` after the array element');
      this.i++;
      this.skip();
      if (text[this.i] === ']') throw new Stop(this.i, 'trailing comma before `]`');
    }
  }
}

/** 1-based line and column of an offset, counting a column per UTF-16 code unit as editors do for JSON. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < index && k < text.length; k++) {
    if (text[k] === '\n') { line++; lineStart = k + 1; }
  }
  return { line, column: index - lineStart + 1 };
}

/** "trailing comma before `}` at line 12, column 3", or null when the text is valid JSON. */
export function describeJsonSyntax(text: string): string | null {
  const p = jsonSyntaxProblem(text);
  return p ? `${p.problem} at line ${p.line}, column ${p.column}` : null;
}
