// Per-request context: who is calling (tenant, key kind), with what (db, secrets, clock, log).
// auth.ts sets it; handlers read it with ctx(req). Public routes use appDeps(req) instead.
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { Config, FinosEnv } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Secrets } from '../security/secrets.ts';
import type { TenantClock } from '../domain/clock.ts';
import type { KeyKind } from '../security/keys.ts';
import type { Wiring } from '../wiring-types.ts';
import { requestIdOf, requestLogger } from './access-log.ts';

export interface RequestContext {
  tenantId: string;
  /** The api_keys row id of the key used. */
  keyId: string;
  keyKind: KeyKind;
  env: FinosEnv;
  db: Db;
  secrets: Secrets;
  clock: TenantClock;
  log: Logger;
  requestId: string;
  config: Config;
}

/** What the app is built from; tests pass their own. */
export interface AppDeps {
  config: Config;
  db: Db;
  secrets: Secrets;
  log: Logger;
  /** The real clock under tenant clocks; tests may substitute it. */
  realClock?: TenantClock;
  /** Scheduler sources and event listeners (server/wiring.ts), for handlers and jobs alike. */
  wiring: Wiring;
}

const contexts = new WeakMap<Request, RequestContext>();

export function setCtx(req: Request, c: RequestContext): void {
  contexts.set(req, c);
}

/** The authenticated context; throws (500) on a route mounted without auth. */
export function ctx(req: Request): RequestContext {
  const c = contexts.get(req);
  if (!c) throw new Error(`No request context on ${req.method} ${req.originalUrl}: route is not behind auth`);
  return c;
}

export function hasCtx(req: Request): boolean {
  return contexts.has(req);
}

export function appDeps(req: Request): AppDeps {
  return req.app.locals.finos as AppDeps;
}

/** The request id the access log assigned (also sent as X-Request-Id). */
export function requestId(req: Request): string {
  return requestIdOf(req);
}

export function requestLog(req: Request): Logger {
  return requestLogger(req, appDeps(req).log);
}
