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
  let i = 0;
  const shown = (c: string) => (c === '`' ? "'`'" : `\`${c}\``);
  const unexpected = (expected: string): never => {
    if (i >= text.length) throw new Stop(i, `the body ends before the JSON is complete (${expected})`);
    const c = text[i]!;
    if (c === "'") throw new Stop(i, `unexpected ${shown(c)}: JSON strings and property names take double quotes`);
    throw new Stop(i, `unexpected ${shown(c)}, ${expected}`);
  };
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) throw new Stop(i, 'the body ends inside a string (a closing `"` is missing)');
      const c = text[i]!;
      if (c === '"') { i++; return; }
      if (c < ' ') throw new Stop(i, 'a raw control character (such as a line break or tab) inside a string; escape it, e.g. \\n');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'a \\u escape needs 4 hexadecimal digits');
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) {
          i += 2;
        } else {
          throw new Stop(i, `invalid escape \`\\${e ?? ''}\` in a string`);
        }
        continue;
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-') unexpected('expected a value');
    i += m![0].length;
  };
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) { i += word.length; return; }
    }
    unexpected('expected a value (an object, array, string, number, true, false or null)');
  };
  const object = () => {
    i++;
    skip();
    if (text[i] === '}') { i++; return; }
    for (;;) {
      skip();
      if (text[i] !== '"') unexpected('expected a property name in double quotes');
      string();
      skip();
      if (text[i] !== ':') unexpected('expected `:` after the property name');
      i++;
      value();
      skip();
      if (text[i] === '}') { i++; return; }
      if (text[i] !== ',') unexpected('expected `,` or `}` after the property value');
      i++;
      skip();
      if (text[i] === '}') throw new Stop(i, 'trailing comma before `}`');
    }
  };
  const array = () => {
    i++;
    skip();
    if (text[i] === ']') { i++; return; }
    for (;;) {
      value();
      skip();
      if (text[i] === ']') { i++; return; }
      if (text[i] !== ',') unexpected('expected `,` or `]` after the array element');
      i++;
      skip();
      if (text[i] === ']') throw new Stop(i, 'trailing comma before `]`');
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i++;
    skip();
    if (i >= text.length) throw new Stop(i, 'the body is empty');
    value();
    skip();
    if (i < text.length) throw new Stop(i, `unexpected ${shown(text[i]!)} after the end of the JSON value`);
    return null;
  } catch (err) {
    // Nesting deep enough to exhaust the stack: JSON.parse's own message is all there is.
    if (!(err instanceof Stop)) return null;
    return { index: err.index, ...lineColumn(text, err.index), problem: err.problem };
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
