import { describe, expect, it } from 'vitest';
import { describeJsonSyntax, jsonSyntaxProblem } from './json-syntax.ts';

describe('jsonSyntaxProblem', () => {
  it('finds nothing wrong in whatever JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0', '\uFEFF{"a":{}}']) {
      expect(() => JSON.parse(text.replace(/^\uFEFF/, ''))).not.toThrow();
      expect(jsonSyntaxProblem(text), text).toBeNull();
    }
  });

  it('names the problem with its line and column', () => {
    const cases: Array<[string, string]> = [
      ['{\n  "a": 1,\n}', 'trailing comma before `}` at line 3, column 1'],
      ['[1, 2,]', 'trailing comma before `]` at line 1, column 7'],
      ['{"a" 1}', 'unexpected `1`, expected `:` after the property name at line 1, column 6'],
      ['{"a": 1 "b": 2}', 'unexpected `"`, expected `,` or `}` after the property value at line 1, column 9'],
      ["{'a': 1}", "unexpected `'`: JSON strings and property names take double quotes at line 1, column 2"],
      ['{"a": tru}', 'unexpected `t`, expected a value (an object, array, string, number, true, false or null) at line 1, column 7'],
      ['{"a": 1}}', 'unexpected `}` after the end of the JSON value at line 1, column 9'],
      ['{"a": "x\ny"}', 'a raw control character (such as a line break or tab) inside a string; escape it, e.g. \\n at line 1, column 9'],
      ['{"a": "\\q"}', 'invalid escape `\\q` in a string at line 1, column 8'],
      ['{"a": ', 'the body ends before the JSON is complete (expected a value (an object, array, string, number, true, false or null)) at line 1, column 7'],
      ['', 'the body is empty at line 1, column 1'],
    ];
    for (const [text, message] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(describeJsonSyntax(text), text).toBe(message);
    }
  });

  it('gives up quietly on nesting too deep to walk', () => {
    expect(() => jsonSyntaxProblem('['.repeat(200_000))).not.toThrow();
  });
});
