// A Finos server as a separate process, the way a person starts it (`npm start`, `finos serve`):
// started in its own process group, ready once it logs the address it listens on.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** SIGTERM to the whole process group (npm and the server under it); resolves on exit. */
  stop(): Promise<number | null>;
}

const LISTENING = /listening on (https?:\/\/\S+?)"/;

export async function startServeProcess(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ServeProcess> {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => child.once('exit', r));
    }
    return child.exitCode;
  };
  const started = Date.now();
  while (!LISTENING.test(out)) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited: ${out}`);
    if (Date.now() - started > (opts.timeoutMs ?? 200_000)) {
      await stop();
      throw new Error(`${command} ${args.join(' ')} did not listen: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: LISTENING.exec(out)![1]!, child, output: () => out, stop };
}
