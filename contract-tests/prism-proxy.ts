// The HTTP scenario suites once more, each request through `prism proxy` (FINOS_TEST_VIA_PRISM=1):
// an independent validator of the contract that fails a test on any response-side violation.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
/** The green HTTP scenario suites (test/money joins when its slice lands). */
const SUITES = ['test/identity', 'test/events/http.test.ts', 'test/market'];

const started = Date.now();
// Two workers even on two cores: the scenarios mostly wait on the app and its proxy.
const child = spawn(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--maxWorkers=2', ...SUITES], {
  cwd: ROOT,
  stdio: 'inherit',
  // Scenarios run once, on PGlite: the proxy checks the contract, not the database engine.
  env: { ...process.env, FINOS_TEST_VIA_PRISM: '1', FINOS_TEST_DATABASE_URL: '' },
});
child.on('exit', (code) => {
  console.log(`Prism proxy run ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s (${SUITES.join(', ')})`);
  process.exit(code ?? 1);
});
