// Lints part of the contract: a temporary root with only the named path files (and, with
// --webhooks, the webhooks map), so one area can be checked while others are unfinished.
// Usage: npx tsx scripts/lint-subset.ts paths/users.yaml paths/users_{user_id}.yaml [--webhooks]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const keepWebhooks = args.includes('--webhooks');
const wanted = new Set(args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/^openapi\//, '')));
const doc = parse(readFileSync(join(root, 'openapi/openapi.yaml'), 'utf8'));
for (const [p, item] of Object.entries<Record<string, string>>(doc.paths)) {
  if (!item.$ref || !wanted.has(item.$ref)) delete doc.paths[p];
}
if (!keepWebhooks) delete doc.webhooks;
const tmp = join(root, `openapi/.lint-subset-${process.pid}.yaml`);
writeFileSync(tmp, stringify(doc));
try {
  execFileSync(join(root, 'node_modules/.bin/redocly'),
    ['lint', tmp, '--config', 'redocly.yaml', '--format', 'codeframe', '--skip-rule', 'no-unused-components', '--skip-rule', 'tag-description', '--skip-rule', 'operation-tag-defined'],
    { cwd: root, stdio: 'inherit' });
} catch {
  process.exitCode = 1;
} finally {
  rmSync(tmp, { force: true });
}
