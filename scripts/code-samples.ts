// Writes the code samples the docs show as language tabs: openapi/code_samples/<lang>/<operationId>.<ext>
// for every operation in generated/openapi.json, in curl, Node (our client), Python, Go and Ruby.
// A sample file that exists is never overwritten, so hand edits survive; delete one to regenerate it.
//   --insert  adds an x-codeSamples list of $refs to each operation in openapi/paths/*.yaml lacking one
//   --check   fails, listing them, if any operation lacks x-codeSamples or a sample file
//   --spec <bundled.json> and --openapi <dir> point at other copies (tests use a scratch copy)
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { collectSamples, METHODS, type Sample } from './code-samples/collect.ts';
import { facadeIndex, LANGUAGES, renderSample, type Language } from './code-samples/languages.ts';

const root = resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------- files and path-file edits

export function writeSamples(samples: Sample[], samplesDir: string): string[] {
  const facade = facadeIndex();
  const written: string[] = [];
  for (const s of samples) {
    for (const lang of LANGUAGES) {
      const file = join(samplesDir, lang.dir, `${s.operationId}.${lang.ext}`);
      if (existsSync(file)) continue;
      mkdirSync(join(samplesDir, lang.dir), { recursive: true });
      writeFileSync(file, renderSample(lang, s, facade.get(`${s.method} ${s.path}`)));
      written.push(file);
    }
  }
  return written;
}

const sampleRef = (lang: Language, operationId: string) => `../code_samples/${lang.dir}/${operationId}.${lang.ext}`;

interface PathFileOp { file: string; method: string; operationId: string; node: YAMLMap }

function pathFileOperations(openapiDir: string): Array<{ file: string; doc: ReturnType<typeof parseDocument>; ops: PathFileOp[] }> {
  const dir = join(openapiDir, 'paths');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((name) => {
    const file = join(dir, name);
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const ops: PathFileOp[] = [];
    if (isMap(doc.contents)) {
      for (const method of METHODS) {
        const node = doc.contents.get(method, true);
        if (!isMap(node)) continue;
        const operationId = node.get('operationId');
        if (typeof operationId === 'string') ops.push({ file, method, operationId, node });
      }
    }
    return { file, doc, ops };
  });
}

/** Adds x-codeSamples to every operation without one; returns the operations it changed. */
export function insertCodeSamples(openapiDir: string): string[] {
  const changed: string[] = [];
  for (const { file, doc, ops } of pathFileOperations(openapiDir)) {
    let dirty = false;
    for (const op of ops) {
      if (op.node.has('x-codeSamples')) continue;
      op.node.set('x-codeSamples', doc.createNode(LANGUAGES.map((lang) => ({
        lang: lang.lang, label: lang.label, source: { $ref: sampleRef(lang, op.operationId) },
      }))));
      changed.push(`${op.method} ${op.operationId} (${file})`);
      dirty = true;
    }
    if (dirty) writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
  }
  return changed;
}

/** Operations lacking x-codeSamples, a language, or a sample file on disk. */
export function checkCodeSamples(openapiDir: string, samples: Sample[]): string[] {
  const problems: string[] = [];
  const inPathFiles = new Set<string>();
  for (const { file, ops } of pathFileOperations(openapiDir)) {
    for (const op of ops) {
      inPathFiles.add(op.operationId);
      const list = op.node.get('x-codeSamples', true);
      if (!isSeq(list)) { problems.push(`${op.operationId}: no x-codeSamples in ${file}`); continue; }
      const labels = new Set(list.items.map((i) => (isMap(i) ? i.get('label') : undefined)));
      for (const lang of LANGUAGES) if (!labels.has(lang.label)) problems.push(`${op.operationId}: no ${lang.label} sample in ${file}`);
    }
  }
  for (const s of samples) {
    for (const lang of LANGUAGES) {
      const f = join(openapiDir, 'code_samples', lang.dir, `${s.operationId}.${lang.ext}`);
      if (!existsSync(f)) problems.push(`${s.operationId}: missing ${f}`);
    }
    if (!inPathFiles.has(s.operationId)) problems.push(`${s.operationId}: not found in ${openapiDir}/paths`);
  }
  return problems;
}

function main(): void {
  const { values } = parseArgs({
    options: { spec: { type: 'string' }, openapi: { type: 'string' }, insert: { type: 'boolean' }, check: { type: 'boolean' } },
  });
  const specFile = resolve(values.spec ?? join(root, 'generated/openapi.json'));
  const openapiDir = resolve(values.openapi ?? join(root, 'openapi'));
  const samples = collectSamples(JSON.parse(readFileSync(specFile, 'utf8')));
  if (values.check) {
    const problems = checkCodeSamples(openapiDir, samples);
    for (const p of problems) console.error(p);
    if (problems.length) {
      console.error(`${problems.length} code-sample problem(s); run npx tsx scripts/code-samples.ts --insert`);
      process.exit(1);
    }
    console.log(`all ${samples.length} operations have code samples in ${LANGUAGES.length} languages`);
    return;
  }
  const written = writeSamples(samples, join(openapiDir, 'code_samples'));
  console.log(`${samples.length} operations; wrote ${written.length} new sample file(s)`);
  if (values.insert) {
    const changed = insertCodeSamples(openapiDir);
    for (const c of changed) console.log(`x-codeSamples added: ${c}`);
    console.log(`${changed.length} operation(s) given x-codeSamples; now run npm run generate`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) main();
