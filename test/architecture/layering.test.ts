// Guards the shape of the house (docs/architecture.md): services, domain, market data and the
// database layer import nothing of HTTP, server/ has no import cycle, and no hand-written file or
// function grows past what can be read whole. The measurements come from scripts/layering.ts.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { findCycles, importsOf, longFunctionsOf, measure, MAX_FILE_LINES, MAX_FUNCTION_LINES } from '../../scripts/layering.ts';

const report = measure();

describe('layering', () => {
  it('services/, domain/, market/ and db/ import nothing from http/, routes/ or Express', () => {
    expect(report.httpImports).toEqual([]);
  });

  it('server/ has no import cycle', () => {
    expect(report.cycles).toEqual([]);
  });

  it(`no hand-written file is over ${MAX_FILE_LINES} lines`, () => {
    expect(report.largeFiles).toEqual([]);
  });

  it(`no hand-written function is over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(report.longFunctions).toEqual([]);
  });
});

describe('the measuring script', () => {
  const parse = (text: string) => ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);

  it('finds static, type-only, re-exported and dynamic imports', () => {
    const found = importsOf(parse(`
      import a from './a.ts';
      import type { B } from './b.ts';
      import { type C } from './c.ts';
      export { d } from './d.ts';
      const e = await import('./e.ts');
    `));
    expect(found).toEqual([
      { spec: './a.ts', typeOnly: false },
      { spec: './b.ts', typeOnly: true },
      { spec: './c.ts', typeOnly: true },
      { spec: './d.ts', typeOnly: false },
      { spec: './e.ts', typeOnly: false },
    ]);
  });

  it('finds a cycle of three and ignores a chain', () => {
    const edge = (from: string, to: string) => ({ from, to, typeOnly: false });
    expect(findCycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')])).toEqual([['a', 'b', 'c']]);
    expect(findCycles([edge('a', 'b'), edge('b', 'c')])).toEqual([]);
  });

  it('measures named functions, arrows bound to a name and methods', () => {
    const body = Array.from({ length: 80 }, (_, i) => `  x += ${i};`).join('\n');
    const sf = parse(`function long() {\n${body}\n}\nconst arrow = () => {\n${body}\n};\nclass K { m() {\n${body}\n} }\nfunction short() { return 1; }`);
    expect(longFunctionsOf(sf, 'x.ts').map((f) => [f.name, f.lines])).toEqual([['long', 82], ['arrow', 82], ['m', 82]]);
  });
});
