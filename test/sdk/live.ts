// The live SDK scenario harness: a real Finos server on a fresh embedded database, a second
// address for it that drops the connection of the first write after the server has answered
// (so an SDK's retry must replay it under the same Idempotency-Key), and a runner that starts a
// language's scenario program with the address and key in its environment.
//
// A scenario program reads FINOS_API_KEY, FINOS_BASE_URL, FINOS_FLAKY_BASE_URL and FINOS_RUN_ID,
// and prints one JSON object per line (`{"step": "...", ...}`); the last line is
// `{"step":"done"}`. Tests assert on those lines and on the server's own records.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../helpers/app.ts';

export interface FlakyProxy {
  url: string;
  /** Writes whose answer was thrown away after the server had produced it. */
  dropped: Array<{ method: string; path: string; status: number; idempotencyKey: string | undefined }>;
  close(): Promise<void>;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Forwards everything to `target`. The first write it sees is forwarded and answered by the
 * server, then the client's socket is destroyed before a byte of the answer reaches it: the
 * client sees a dropped connection for a write that did happen.
 */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const dropped: FlakyProxy['dropped'] = [];
  let armed = true;
  const server = http.createServer((req, res) => {
    const drop = armed && WRITES.has(req.method ?? '');
    if (drop) armed = false;
    const forward = http.request({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: upstream.host },
    }, (answer) => {
      if (drop) {
        answer.resume();
        answer.on('end', () => {
          dropped.push({ method: req.method!, path: req.url!, status: answer.statusCode ?? 0, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
          req.socket.destroy();
        });
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dropped,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface Live {
  app: TestApp;
  proxy: FlakyProxy;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startLive(runId: string): Promise<Live> {
  const app = await startTestApp({ engine: 'pglite' });
  const proxy = await startFlakyProxy(app.baseUrl);
  return {
    app,
    proxy,
    env: { FINOS_API_KEY: app.keys.secret, FINOS_BASE_URL: app.baseUrl, FINOS_FLAKY_BASE_URL: proxy.url, FINOS_RUN_ID: runId },
    async close() {
      await proxy.close();
      await app.close();
    },
  };
}

export interface ScenarioRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every stdout line that parsed as a JSON object with a `step`. */
  steps: Array<Record<string, any> & { step: string }>;
  step(name: string): Record<string, any>;
}

/** Runs a scenario program to completion (asynchronously: the server lives in this process). */
export function runScenario(command: string, args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<ScenarioRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code) => {
      clearTimeout(timer);
      const steps = stdout.split('\n').flatMap((line) => {
        try {
          const v = JSON.parse(line);
          return v && typeof v === 'object' && typeof v.step === 'string' ? [v] : [];
        } catch {
          return [];
        }
      });
      resolve({
        code, stdout, stderr, steps,
        step(name) {
          const found = steps.find((s) => s.step === name);
          if (!found) throw new Error(`scenario printed no "${name}" step (exit ${code})\nstdout:\n${stdout}\nstderr:\n${stderr}`);
          return found;
        },
      });
    });
  });
}
