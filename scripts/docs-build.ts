// Builds the static API reference, docs/index.html, from generated/openapi.json with Redocly's
// build-docs. Regenerates generated/ first when openapi/ or the guides changed since.
// Usage: npm run docs:build [-- --spec other.json --output other.html]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
export const GENERATED_SPEC = join(root, 'generated/openapi.json');
export const DOCS_HTML = join(root, 'docs/index.html');

/** Newest modification time (ms) of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** docs/guides counts as a source because info.description $refs the introduction there. */
export function generatedIsStale(): boolean {
  if (!existsSync(GENERATED_SPEC)) return true;
  const sources = Math.max(newestMtime(join(root, 'openapi')), newestMtime(join(root, 'docs/guides')));
  return sources > statSync(GENERATED_SPEC).mtimeMs;
}

/** Runs a command, and on failure throws with its output minus Redocly's Node-version banner. */
function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.split('\n').filter((l) => !/[║╔╚]/.test(l)).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed:\n${output.trim()}`);
  }
}

export function buildDocs({ spec = GENERATED_SPEC, output = DOCS_HTML } = {}): string {
  if (spec === GENERATED_SPEC && generatedIsStale()) run('npm', ['run', '--silent', 'generate']);
  // --inlineBundle embeds Redoc's script, so the page needs no CDN and works from file://.
  run(join(root, 'node_modules/.bin/redocly'),
    ['build-docs', spec, '--output', output, '--title', 'Finos API reference', '--inlineBundle']);
  return output;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({ options: { spec: { type: 'string' }, output: { type: 'string' } } });
  try {
    const out = buildDocs({
      spec: values.spec ? resolve(values.spec) : GENERATED_SPEC,
      output: values.output ? resolve(values.output) : DOCS_HTML,
    });
    console.log(`wrote ${out}`);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
