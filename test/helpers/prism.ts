// Opt-in second opinion for HTTP scenarios: with FINOS_TEST_VIA_PRISM=1 the test app sits behind
// `prism proxy`, which checks every exchange against generated/openapi.json and reports in `sl-violations`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const STARTUP_TIMEOUT_MS = 90_000;

export const viaPrism = (): boolean => process.env.FINOS_TEST_VIA_PRISM === '1';

export interface PrismProxy {
  url: string;
  close(): Promise<void>;
}

interface Violation {
  location?: string[];
  severity?: string;
  code?: string | number;
  message?: string;
}

/**
 * The response-side problems Prism found, from its `sl-violations` header. Request-side ones are
 * ignored: negative scenarios send bad requests on purpose, and the server's answer to them is
 * what the contract must describe. (Prism's --errors would answer those itself, so it is not used.)
 */
export function responseViolations(header: string | string[] | undefined): string[] {
  if (!header) return [];
  const text = Array.isArray(header) ? header.join(',') : header;
  let list: Violation[];
  try {
    list = JSON.parse(text) as Violation[];
  } catch {
    return [`unparseable sl-violations header: ${text}`];
  }
  return list.filter((v) => v.location?.[0] === 'response').map((v) => `${v.location!.join('.')}: ${v.message ?? v.code}`);
}

/** Prism's own JSON body limit: larger bodies get its 413, not ours. */
const PRISM_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * Requests Prism cannot pass through faithfully, which then go straight to the app: bodies over
 * its 10 MB limit (KYC documents may be 15 MB), and queries with percent-encoded reserved
 * characters, which it forwards decoded (`%40` as `@`) so the server rightly refuses them.
 */
export function prismCannotCarry(path: string, bodyBytes: number): boolean {
  if (bodyBytes > PRISM_BODY_LIMIT_BYTES) return true;
  const query = path.split('?')[1] ?? '';
  return /%(2[0-9A-Fa-f]|3[A-Fa-f]|40|5[BbDd])/.test(query);
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `prism proxy generated/openapi.json <upstream>` and waits until it forwards. */
export async function startPrismProxy(upstream: string): Promise<PrismProxy> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'prism'),
    ['proxy', 'generated/openapi.json', upstream, '--port', String(port), '--host', '127.0.0.1', '--cors', 'false', '--verboseLevel', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism proxy exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, close };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await close();
  throw new Error(`prism proxy did not start within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`);
}
