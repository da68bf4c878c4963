// The operator's commands (`finos keys create|list|revoke`, `finos migrate`) and the channel
// through which a running embedded-store server performs them for the CLI.
//
// A PGlite data directory belongs to one process (server/db/data-dir-lock.ts). While `finos
// serve` holds it, the CLI cannot open the store; it hands its command to the server instead,
// which runs it on its own connection, so the write is durable and the server's caches learn of
// it at once (a revoked key is refused by the next request).
//
// The channel is an HTTP listener of its own, separate from the API: bound to 127.0.0.1 on a
// port the OS picks, never to the API's HOST. The server writes where it is and a random 256-bit
// token to `<data dir>.admin.json`, created with mode 0600, so only the operating-system user
// who can read the data directory (and its master key next to it) can use it. A request must
// carry `Authorization: Bearer <token>` (compared in constant time), name the listener as its
// Host (no DNS rebinding), and carry no Origin (no browser). The file is removed at shutdown; a
// file left by a crashed server names a port nobody listens on, or a token nobody accepts, and
// the CLI then waits for the stale lock to clear and opens the store itself.
//
// Nothing is acknowledged and then lost: the CLI reports success only after the server has
// committed the command and answered, and it retries only when the command provably did not
// reach the server (connection refused, token refused).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import { migrate } from './db/migrate.ts';
import { createSecrets } from './security/secrets.ts';
import { createTenant, listKeys, revokeKey } from './services/tenants.ts';

const MAX_BODY = 4096;

export const AdminCommand = z.discriminatedUnion('command', [
  z.object({ command: z.literal('status') }),
  z.object({ command: z.literal('migrate') }),
  z.object({ command: z.literal('keys.create'), name: z.string().trim().min(1).max(200) }),
  z.object({ command: z.literal('keys.list') }),
  z.object({ command: z.literal('keys.revoke'), id: z.string().max(100) }),
]);
export type AdminCommand = z.infer<typeof AdminCommand>;

/** What a command answers, as JSON (the same whether the CLI ran it or the server did). */
export async function runCommand(db: Db, config: Pick<Config, 'masterKey' | 'env'>, cmd: AdminCommand): Promise<unknown> {
  const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
  switch (cmd.command) {
    case 'status':
      return { pid: process.pid, database: db.kind };
    case 'migrate': {
      const r = await migrate(db);
      return { applied: r.applied, changed: r.changed, database: db.kind };
    }
    case 'keys.create': {
      const c = await createTenant(db, createSecrets(config.masterKey), { name: cmd.name, env: config.env });
      return { tenant_id: c.tenant_id, secret_key: c.secret_key, publishable_key: c.publishable_key };
    }
    case 'keys.list':
      return json(await listKeys(db));
    case 'keys.revoke':
      return { revoked: await revokeKey(db, cmd.id) };
  }
}

export interface AdminInfo {
  pid: number;
  /** The admin listener, http://127.0.0.1:<port> */
  url: string;
  /** The API's URL, for messages. */
  api_url: string;
  token: string;
}

export function adminFileOf(dataDir: string): string {
  return `${dataDir}.admin.json`;
}

export function readAdminInfo(dataDir: string): AdminInfo | null {
  try {
    return JSON.parse(readFileSync(adminFileOf(dataDir), 'utf8')) as AdminInfo;
  } catch {
    return null;
  }
}

export interface AdminChannel {
  url: string;
  /** Stops taking commands, waits for those under way, removes the file. */
  close(): Promise<void>;
}

export async function startAdminChannel(opts: { db: Db; config: Config; log: Logger; apiUrl: string }): Promise<AdminChannel> {
  const { db, config, log } = opts;
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  let host = '';
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const refuse = (status: number, type: string, message: string) => answer(status, { error: { type, message } });
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) return refuse(401, 'authentication_error', 'authorization: the admin token is missing or wrong');
    if (req.headers.host !== host || req.headers.origin !== undefined) return refuse(403, 'forbidden', 'host: the admin channel answers only direct loopback requests');
    if (req.method !== 'POST' || req.url !== '/commands') return refuse(404, 'not_found', 'only POST /commands exists');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let cmd: AdminCommand;
      try {
        const parsed = AdminCommand.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (!parsed.success) return refuse(400, 'validation_error', parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; '));
        cmd = parsed.data;
      } catch {
        return refuse(400, 'invalid_request', 'body: not JSON');
      }
      runCommand(db, config, cmd).then(
        (result) => {
          if (cmd.command !== 'status') log.info({ command: cmd.command }, 'admin command from the CLI');
          answer(200, { result });
        },
        (err: unknown) => {
          log.error({ err, command: cmd.command }, 'admin command failed');
          refuse(500, 'api_error', `${cmd.command} failed: ${err instanceof Error ? err.message : String(err)}`);
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const file = adminFileOf(config.dataDir);
  const info: AdminInfo = { pid: process.pid, url, api_url: opts.apiUrl, token };
  // Written whole under another name, then renamed: a reader never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  writeFileSync(tmp, JSON.stringify(info) + '\n', { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
  return {
    url,
    async close() {
      if (readAdminInfo(config.dataDir)?.token === token) rmSync(file, { force: true });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** How a command handed to a running server ended. */
export type Forwarded =
  | { kind: 'done'; result: unknown; server: AdminInfo }
  /** It provably did not reach a server (none there, or not this token's): try again. */
  | { kind: 'not_delivered' }
  | { kind: 'failed'; message: string; server: AdminInfo };

export async function forwardCommand(dataDir: string, cmd: AdminCommand): Promise<Forwarded> {
  const info = readAdminInfo(dataDir);
  if (!info || typeof info.url !== 'string' || typeof info.token !== 'string') return { kind: 'not_delivered' };
  let res: Response;
  try {
    res = await fetch(`${info.url}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(cmd),
    });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') return { kind: 'not_delivered' };
    return { kind: 'failed', server: info, message: `the server did not answer (${code ?? (err as Error).message}); the command may or may not have been performed` };
  }
  const text = await res.text();
  if (res.status === 401) return { kind: 'not_delivered' };
  let body: { result?: unknown; error?: { message?: string } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below
  }
  if (res.ok && 'result' in body) return { kind: 'done', result: body.result, server: info };
  // Not our answer: something else took the port of a server that is gone.
  if (typeof body.error?.message !== 'string') return { kind: 'not_delivered' };
  return { kind: 'failed', server: info, message: body.error?.message ?? `HTTP ${res.status}` };
}
