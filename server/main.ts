// Process entry for `finos serve`: opens the database, migrates, builds the app and listens,
// over HTTPS when FINOS_TLS_CERT/FINOS_TLS_KEY are set.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Express } from 'express';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import type { TenantClock } from './domain/clock.ts';
import { openDb } from './db/open.ts';
import { migrate } from './db/migrate.ts';
import { createSecrets } from './security/secrets.ts';
import { createApp, type AppOptions } from './app.ts';
import { startWorkers, type Workers } from './jobs/index.ts';
import { startSettlementJob } from './jobs/settlement.ts';
import { createWiring, type Wiring } from './wiring.ts';

export interface RunningServer {
  app: Express;
  db: Db;
  server: http.Server | https.Server;
  /** Background jobs (webhook delivery); `runOnce()` drains what is due now. */
  workers: Workers;
  /** The scheduler sources and listeners the app and its jobs run with. */
  wiring: Wiring;
  /** e.g. https://127.0.0.1:8443 */
  url: string;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'finos' } });
}

/** Node's server around an app: HTTPS when the config names a certificate. */
export function createServer(config: Config, app: Express): http.Server | https.Server {
  const born = bornExpress(app);
  const server = config.tls
    ? https.createServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile), ...born }, app)
    : http.createServer(born, app);
  server.on('clientError', answerClientError);
  return server;
}

/**
 * Express gives every request and response its own prototypes (app.request, app.response) with
 * Object.setPrototypeOf, which makes the engine look for a new hidden class for both objects on
 * every request (about 7 % of a quote's profile). Node can build them with those prototypes from the
 * start (its IncomingMessage and ServerResponse options); Express's call then finds the prototype
 * already in place and changes nothing.
 */
function bornExpress(app: Express): Pick<http.ServerOptions, 'IncomingMessage' | 'ServerResponse'> {
  const proto = app as unknown as { request: object; response: object };
  return {
    IncomingMessage: withPrototype(http.IncomingMessage, proto.request),
    ServerResponse: withPrototype(http.ServerResponse, proto.response),
  };
}

/** A constructor that builds what `base` builds, with `prototype` as the new object's prototype. */
function withPrototype<C extends Function>(base: C, prototype: object): C {
  function Born(...args: unknown[]): object {
    return Reflect.construct(base, args, Born) as object;
  }
  Born.prototype = prototype;
  return Born as unknown as C;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers over 16 KB, malformed
 * request lines) still get the API's JSON error shape instead of a bare status line.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (!socket.writable || (err.code === 'ECONNRESET')) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    error: { type: 'invalid_request', message: tooLarge ? 'Request headers exceed the 16 KB limit' : 'Malformed HTTP request' },
  });
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export interface StartOptions {
  log?: Logger;
  /** An open database to use (and leave open on close). */
  db?: Db;
  /** Substitute real clock (tests of time-based behaviour). */
  realClock?: TenantClock;
  app?: AppOptions;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config);
  const db = opts.db ?? (await openDb(config));
  const result = await migrate(db);
  if (result.applied.length) log.info({ applied: result.applied }, 'migrations applied');
  for (const name of result.changed) log.warn(`migration ${name} changed after it was applied`);
  // Other instances' key revocations, clock advances and price shocks reach this one's caches.
  await db.listenForInvalidations?.();
  const secrets = createSecrets(config.masterKey);
  const clock = opts.realClock ? { realClock: opts.realClock } : {};
  // One wiring for the app's handlers and the background jobs, with custom routes or without.
  const wiring = createWiring({ config, ...clock });
  const app = createApp({ config, db, secrets, log, wiring, ...clock }, opts.app);
  // Jobs hook (server/jobs): the webhook delivery loop runs in every server process; the
  // SKIP LOCKED claim lets several share one database. Stopped in close() before the db is.
  const workers = startWorkers({ config, db, secrets, log });
  app.locals.workers = workers;
  // Money (server/jobs/settlement.ts): settles due deposits/withdrawals for tenants whose clock
  // runs in real time; SKIP LOCKED claims make it safe in every instance. Stopped in close().
  const settlement = startSettlementJob({ db, log: log.child({ job: 'settlement' }), wiring, ...clock });
  app.locals.settlement = settlement;
  const server = createServer(config, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
  return {
    app,
    db,
    server,
    url,
    workers,
    wiring,
    async close() {
      await settlement.stop();
      await workers.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!opts.db) await db.close();
    },
  };
}
