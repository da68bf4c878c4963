// The HTTP scenario suites once more, each request through `prism proxy` (FINOS_TEST_VIA_PRISM=1):
// an independent validator of the contract that fails a test on any response-side violation.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
/**
 * A representative subset of the green HTTP scenario suites (one per resource family), kept small
 * because each test app starts its own Prism process. Left out for CI time: test/identity/kyc and
 * bank-accounts (the Dredd run covers their operations); every suite passes through Prism.
 */
export const SUITES = ['test/identity/users.test.ts', 'test/identity/accounts.test.ts', 'test/events/http.test.ts', 'test/market'];

const started = Date.now();
const child = spawn(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', ...SUITES], {
  cwd: ROOT,
  stdio: 'inherit',
  // Scenarios run once, on PGlite: the proxy checks the contract, not the database engine.
  env: { ...process.env, FINOS_TEST_VIA_PRISM: '1', FINOS_TEST_DATABASE_URL: '' },
});
child.on('exit', (code) => {
  console.log(`Prism proxy run ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s (${SUITES.join(', ')})`);
  process.exit(code ?? 1);
});
