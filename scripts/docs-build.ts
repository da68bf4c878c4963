// Builds the static docs site: the API reference, docs/index.html, from generated/openapi.json
// with Redocly's build-docs, and each guide in docs/guides/ as a rendered page next to it
// (guides/<name>.html), so the reference's guide links open pages rather than raw Markdown.
// Regenerates generated/ first when openapi/ or the guides changed since.
// Usage: npm run docs:build [-- --spec other.json --output other.html]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
export const GENERATED_SPEC = join(root, 'generated/openapi.json');
export const DOCS_HTML = join(root, 'docs/index.html');

export const GUIDES_DIR = join(root, 'docs/guides');
/** Embedded in the reference itself (info.description), so it gets no page of its own. */
const INTRODUCTION = 'introduction.md';

/** Newest modification time (ms) of any file under `dir` whose name ends with `ext`. */
function newestMtime(dir: string, ext = ''): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** docs/guides counts as a source because info.description $refs the introduction there. */
export function generatedIsStale(): boolean {
  if (!existsSync(GENERATED_SPEC)) return true;
  const sources = Math.max(newestMtime(join(root, 'openapi')), newestMtime(GUIDES_DIR, '.md'));
  return sources > statSync(GENERATED_SPEC).mtimeMs;
}

/** markdown-it renders the guides; a link to another guide, `webhooks.md#retries`, opens that guide's page. */
function markdown(): ReturnType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.renderer.rules.link_open = (tokens, idx, options) => {
    const href = tokens[idx]!.attrGet('href');
    if (typeof href === 'string') tokens[idx]!.attrSet('href', guideHref(href));
    return md.renderer.renderToken(tokens, idx, options);
  };
  return md;
}

/** `webhooks.md#x` and `guides/webhooks.md` become their `.html` pages; other links stay. */
export function guideHref(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return href;
  return href.replace(/^((?:guides\/)?[A-Za-z0-9_-]+)\.md(?=$|#)/, '$1.html');
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const PAGE_STYLE = `body{font:16px/1.6 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#1f2328;max-width:860px;margin:0 auto;padding:24px 32px 64px}
nav{font-size:14px;margin-bottom:24px}a{color:#0969da}code{font:85% ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:.15em .35em;border-radius:4px}
pre{background:#f6f8fa;padding:16px;overflow:auto;border-radius:6px}pre code{background:none;padding:0}
table{border-collapse:collapse;margin:16px 0}th,td{border:1px solid #d0d7de;padding:6px 12px;text-align:left;vertical-align:top}
h1,h2,h3{line-height:1.25}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3em;margin-top:2em}`;

/** Renders every guide but the introduction to `<outDir>/<name>.html`; answers the files written. */
export function renderGuides(outDir: string, guidesDir = GUIDES_DIR): string[] {
  const md = markdown();
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of readdirSync(guidesDir).filter((f) => f.endsWith('.md') && f !== INTRODUCTION).sort()) {
    const source = readFileSync(join(guidesDir, file), 'utf8');
    const title = /^#\s+(.+)$/m.exec(source)?.[1]?.trim() ?? basename(file, '.md');
    const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Finos API</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<nav><a href="../index.html">← Finos API reference</a></nav>
<main>
${md.render(source)}</main>
</body>
</html>
`;
    const out = join(outDir, `${basename(file, '.md')}.html`);
    writeFileSync(out, html);
    written.push(out);
  }
  return written;
}

/** The spec with the introduction's guide links pointing at the rendered pages. */
function withGuidePages(spec: string, dir: string): string {
  const doc = JSON.parse(readFileSync(spec, 'utf8')) as { info?: { description?: string } };
  if (!doc.info?.description) return spec;
  doc.info.description = doc.info.description.replace(/\]\(([^)\s]+)\)/g, (_, href: string) => `](${guideHref(href)})`);
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
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
  const scratch = mkdtempSync(join(tmpdir(), 'finos-docs-build-'));
  try {
    // --inlineBundle embeds Redoc's script, so the page needs no CDN and works from file://.
    run(join(root, 'node_modules/.bin/redocly'),
      ['build-docs', withGuidePages(spec, scratch), '--output', output, '--title', 'Finos API reference', '--inlineBundle']);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  renderGuides(join(dirname(output), 'guides'));
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
