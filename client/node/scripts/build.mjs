// Builds dist/esm (ES modules) and dist/cjs (CommonJS, entry cjs.cjs) with tsc, each with .d.ts.
// Uses the TypeScript this package's devDependencies (or an enclosing project) provides.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const here = dirname(dirname(new URL(import.meta.url).pathname));
const tsc = join(dirname(createRequire(join(here, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
rmSync(join(here, 'dist'), { recursive: true, force: true });
for (const project of ['tsconfig.json', 'tsconfig.cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', join(here, project)], { stdio: 'inherit' });
}
// The .js files under dist/cjs are CommonJS whatever the package's own "type" says.
mkdirSync(join(here, 'dist', 'cjs'), { recursive: true });
writeFileSync(join(here, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
