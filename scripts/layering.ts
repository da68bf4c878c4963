// Measures the shape of the house over the TypeScript import graph: which modules of services/,
// domain/ and market/ reach into http/, routes/ or Express, which import cycles exist in server/,
// and which files and functions are too long to see whole. `npx tsx scripts/layering.ts` prints a
// report; `--json` prints the same as JSON; test/layering.test.ts runs it and fails on a breach.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '..');
/** Where sizes are measured: everything hand-written in TypeScript or JavaScript. */
const SIZE_ROOTS = ['server', 'contract-tests', 'test', 'scripts', 'bench', 'client/node/src'];
export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 70;
/** Layers that know nothing of HTTP: use-cases, pure logic, market data. */
const HTTP_FREE = ['server/services/', 'server/domain/', 'server/market/', 'server/db/'];
const HTTP_LAYERS = ['server/http/', 'server/routes/'];
const HTTP_PACKAGES = new Set(['express', 'express-openapi-validator']);

export interface ImportEdge { from: string; to: string; typeOnly: boolean }
export interface Breach { file: string; imports: string }
export interface LongFunction { file: string; name: string; line: number; lines: number }
export interface Report {
  /** services/domain/market/db modules importing http/, routes/ or Express. */
  httpImports: Breach[];
  /** Strongly connected groups of more than one module (or a module importing itself). */
  cycles: string[][];
  largeFiles: { file: string; lines: number }[];
  longFunctions: LongFunction[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|cjs|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const rel = (p: string) => relative(ROOT, p).split('\\').join('/');
const isTest = (file: string) => /\.test\.ts$|\.reliability\.ts$/.test(file) || file.startsWith('test/');
/** Machine output and data tables are exempt from the size limits. */
const isExempt = (text: string, file: string) => /DO NOT EDIT/.test(text.slice(0, 400)) || /-data\.ts$/.test(file);

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
}

/** Every static import, re-export and dynamic import() with a literal specifier. */
export function importsOf(sf: ts.SourceFile): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const clause = n.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly ||
        (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      out.push({ spec: n.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push({ spec: n.moduleSpecifier.text, typeOnly: n.isTypeOnly });
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      out.push({ spec: n.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function functionName(n: ts.Node): string | null {
  if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) return n.name.getText();
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parent) {
    const p = n.parent;
    if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return p.name.getText();
    if (ts.isFunctionExpression(n) && n.name) return n.name.getText();
  }
  return null;
}

/** Named functions (declarations, methods, functions bound to a name) longer than the limit. */
export function longFunctionsOf(sf: ts.SourceFile, file: string, limit = MAX_FUNCTION_LINES): LongFunction[] {
  const out: LongFunction[] = [];
  const visit = (n: ts.Node): void => {
    const name = functionName(n);
    if (name !== null) {
      const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) out.push({ file, name, line: start + 1, lines });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function resolveSpec(fromFile: string, spec: string, known: Set<string>): string | null {
  if (!spec.startsWith('.')) return null;
  const base = rel(resolve(dirname(join(ROOT, fromFile)), spec));
  for (const c of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`]) if (known.has(c)) return c;
  return null;
}

/** Tarjan's strongly connected components over the production modules of server/. */
export function findCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, []);
    if (!graph.has(e.to)) graph.set(e.to, []);
    graph.get(e.from)!.push(e.to);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); group.push(w); } while (w !== v);
      if (group.length > 1 || graph.get(v)!.includes(v)) out.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
  return out;
}

export function measure(): Report {
  const files = SIZE_ROOTS.flatMap((r) => { try { return walk(join(ROOT, r)); } catch { return []; } }).map(rel).sort();
  const server = new Set(files.filter((f) => f.startsWith('server/') && f.endsWith('.ts') && !isTest(f)));
  const report: Report = { httpImports: [], cycles: [], largeFiles: [], longFunctions: [] };
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const sf = parse(file, text);
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (!isExempt(text, file)) {
      if (lines > MAX_FILE_LINES) report.largeFiles.push({ file, lines });
      if (!isTest(file)) report.longFunctions.push(...longFunctionsOf(sf, file));
    }
    if (!server.has(file)) continue;
    for (const { spec, typeOnly } of importsOf(sf)) {
      const target = resolveSpec(file, spec, server);
      if (HTTP_FREE.some((l) => file.startsWith(l))) {
        const pkg = spec.startsWith('.') ? null : spec.split('/')[0]!;
        if ((pkg && HTTP_PACKAGES.has(pkg)) || (target && HTTP_LAYERS.some((l) => target.startsWith(l)))) {
          report.httpImports.push({ file, imports: target ?? spec });
        }
      }
      if (target) edges.push({ from: file, to: target, typeOnly });
    }
  }
  report.cycles = findCycles(edges);
  report.largeFiles.sort((a, b) => b.lines - a.lines);
  report.longFunctions.sort((a, b) => b.lines - a.lines);
  return report;
}

function print(r: Report): void {
  const files = new Set(r.httpImports.map((b) => b.file));
  console.log(`imports of http/, routes/ or Express from services/, domain/, market/, db/: ${r.httpImports.length} in ${files.size} files`);
  for (const b of r.httpImports) console.log(`  ${b.file} -> ${b.imports}`);
  console.log(`import cycles in server/: ${r.cycles.length}`);
  for (const c of r.cycles) console.log(`  ${c.join(' <-> ')}`);
  console.log(`files over ${MAX_FILE_LINES} lines: ${r.largeFiles.length}`);
  for (const f of r.largeFiles) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
  console.log(`functions over ${MAX_FUNCTION_LINES} lines: ${r.longFunctions.length}`);
  for (const f of r.longFunctions) console.log(`  ${String(f.lines).padStart(5)}  ${f.name} (${f.file}:${f.line})`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const r = measure();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else print(r);
}
