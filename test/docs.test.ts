// Builds the API reference with Redocly and opens it in headless Chromium: every tag section and
// operation must render, and one operation per tag must offer the five code-sample languages.
// Needs /usr/bin/chromium (apt-get install chromium): without it the suite fails under CI and is
// skipped elsewhere. FINOS_DOCS_SPEC=<bundled.json> renders another spec (e.g. a scratch copy).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs, GENERATED_SPEC } from '../scripts/docs-build.ts';

const CHROMIUM = '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '..');
const SCREENSHOTS = join(root, 'docs/screenshots');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) {
  throw new Error(`${CHROMIUM} is missing; CI must install it (apt-get install -y chromium)`);
}
if (!hasChromium) console.warn(`test/docs.test.ts skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

/** Each code-sample label, how Redoc's menu shows it (it says "Node.js" for "Node"), and a line
 * only that language's sample contains. */
const LANGUAGES: Array<[label: string, shown: string, hallmark: RegExp]> = [
  ['curl', 'curl', /^curl /m],
  ['Node', 'Node.js', /require\('finos'\)/],
  ['Python', 'Python', /^import finos$/m],
  ['Go', 'Go', /^package main/m],
  ['Ruby', 'Ruby', /^require 'finos'$/m],
];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation { operationId: string; tag: string; samples: string[] }

/** Redoc's anchors: a tag is `/<slug>`, an operation `/<tag slug>/<operationid>`. */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const operationSection = (op: Operation) => `/${slug(op.tag)}/${op.operationId.toLowerCase()}`;

function operationsOf(spec: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const item of Object.values(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const samples = ((op['x-codeSamples'] as Array<{ label?: string; lang: string }> | undefined) ?? []).map((s) => s.label ?? s.lang);
      ops.push({ operationId: op.operationId as string, tag: (op.tags as string[])[0]!, samples });
    }
  }
  return ops;
}

describe.skipIf(!hasChromium)('API reference (Redoc) in Chromium', () => {
  const specFile = process.env.FINOS_DOCS_SPEC ? resolve(process.env.FINOS_DOCS_SPEC) : GENERATED_SPEC;
  let dir: string;
  let server: Server;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;
  let tags: string[];
  let operations: Operation[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'finos-docs-'));
    buildDocs({ spec: specFile, output: join(dir, 'index.html') });
    const spec = JSON.parse(readFileSync(specFile, 'utf8'));
    tags = (spec.tags as Array<{ name: string }>).map((t) => t.name);
    operations = operationsOf(spec);

    const html = readFileSync(join(dir, 'index.html'));
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split(/[?#]/)[0]!;
      const guide = /^\/guides\/([a-z0-9-]+\.html)$/.exec(path);
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
      } else if (guide && existsSync(join(dir, 'guides', guide[1]!))) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(readFileSync(join(dir, 'guides', guide[1]!)));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 1000 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // The page must work offline: anything not served by our server (Redoc's CDN logo) is refused.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(baseUrl) || route.request().url().startsWith('blob:') ? route.continue() : route.abort());
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(baseUrl);
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders the introduction from docs/guides/introduction.md', async () => {
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Finos API');
    for (const heading of ['Authentication', 'Errors', 'Rate limiting', 'Idempotency', 'Pagination', 'Webhooks', 'Sandbox']) {
      expect(await page.locator('[data-section-id^="/section/"]', { hasText: heading }).count(), heading).toBeGreaterThan(0);
    }
  });

  it('links each guide as a rendered page, and the guides link each other the same way', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('a[href^="guides/"]').count()).toBeGreaterThan(0);
    const hrefs = [...new Set(await page.locator('a[href^="guides/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!)))];
    expect(hrefs.filter((h) => !/^guides\/[a-z0-9-]+\.html(#.*)?$/.test(h))).toEqual([]);
    const guides = readdirSync(join(root, 'docs/guides')).filter((f) => f.endsWith('.md') && f !== 'introduction.md');
    for (const file of guides) {
      const source = readFileSync(join(root, 'docs/guides', file), 'utf8');
      const title = /^#\s+(.+)$/m.exec(source)![1]!.trim();
      const response = await page.goto(`${baseUrl}guides/${file.replace(/\.md$/, '.html')}`);
      expect(response?.status(), file).toBe(200);
      expect(response?.headers()['content-type'], file).toMatch(/text\/html/);
      expect(await page.locator('h1').first().textContent(), file).toBe(title);
      // Rendered, not shown as source: no Markdown heading or fence marks in the text outside code blocks.
      expect((await page.locator('main > :not(pre)').allInnerTexts()).join('\n'), file).not.toMatch(/^(#{1,3} |```)/m);
      expect(await page.locator('main h2').count(), file).toBe(source.replace(/```[\s\S]*?```/g, '').match(/^## /gm)?.length ?? 0);
      const links = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(links.filter((h) => /\.md(#|$)/.test(h)), `${file} links to raw Markdown`).toEqual([]);
      await page.locator('nav a[href="../index.html"]').waitFor({ state: 'attached' });
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('renders every tag section with all of its operations', async () => {
    const missing: string[] = [];
    for (const tag of tags) {
      await page.goto(`${baseUrl}#/${slug(tag)}`);
      const section = page.locator(`[data-section-id="/${slug(tag)}"]`);
      await section.waitFor({ state: 'attached', timeout: 10_000 });
      for (const op of operations.filter((o) => o.tag === tag)) {
        const id = operationSection(op);
        try {
          await page.locator(`[data-section-id="${id}"]`).waitFor({ state: 'attached', timeout: 5_000 });
        } catch {
          missing.push(`${tag}: ${op.operationId} (${id})`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('documents a code sample in every language for every operation', () => {
    const labels = LANGUAGES.map(([label]) => label);
    const lacking = operations.filter((op) => labels.some((l) => !op.samples.includes(l))).map((op) => op.operationId);
    expect(lacking, 'run `npx tsx scripts/code-samples.ts --insert && npm run generate`').toEqual([]);
  });

  it('shows the curl, Node, Python, Go and Ruby samples of one operation per tag', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const withoutSamples: string[] = [];
    for (const tag of tags) {
      const op = operations.find((o) => o.tag === tag && o.samples.length > 0);
      if (!op) {
        if (operations.some((o) => o.tag === tag)) withoutSamples.push(tag);
        continue;
      }
      await page.goto(`${baseUrl}#${operationSection(op)}`);
      const section = page.locator(`[data-section-id="${operationSection(op)}"]`);
      await section.waitFor({ state: 'attached', timeout: 10_000 });
      await section.scrollIntoViewIfNeeded();
      // The language switcher is the dropdown reading a language's name; the choice is shared
      // by all operations, so which name it reads depends on the previous tag.
      const shownNames = LANGUAGES.map(([, shown]) => shown);
      const dropdowns = section.locator('[data-component-name="Dropdown/Dropdown"]');
      await dropdowns.filter({ hasText: new RegExp(`^(${shownNames.join('|')})$`) }).first().waitFor({ timeout: 10_000 });
      const texts = (await dropdowns.allInnerTexts()).map((t) => t.trim());
      const dropdown = dropdowns.nth(texts.findIndex((t) => shownNames.includes(t)));
      const menuItems = page.locator('[data-component-name="Dropdown/DropdownMenuItem"]:visible');
      await dropdown.locator('button').first().click();
      await menuItems.first().waitFor({ timeout: 10_000 });
      const offered = (await menuItems.allTextContents()).map((t) => t.trim());
      // Redoc appends its own "Payload" entry to operations with a request body.
      expect(offered.filter((t) => t !== 'Payload'), `${op.operationId} language menu`).toEqual(shownNames);
      await page.keyboard.press('Escape');
      for (const [label, shown, hallmark] of LANGUAGES) {
        if (!(await menuItems.count())) await dropdown.locator('button').first().click();
        await menuItems.filter({ hasText: shown }).first().click();
        await expect.poll(() => section.locator('[data-component-name="CodeBlock/CodeBlock"]').first().innerText(), { message: `${op.operationId} ${label}` })
          .toMatch(hallmark);
      }
      if (tag === 'Users') await page.screenshot({ path: join(SCREENSHOTS, 'reference-users.png') });
    }
    await page.goto(baseUrl);
    await page.screenshot({ path: join(SCREENSHOTS, 'reference.png') });
    expect(withoutSamples, 'tags with no x-codeSamples at all').toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
