// Per-request context (the Context of server/context.ts): auth.ts sets it; handlers read it with
// ctx(req). Public routes use appDeps(req) instead.
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AppDeps, Context } from '../context.ts';
import { requestIdOf, requestLogger } from './access-log.ts';

const contexts = new WeakMap<Request, Context>();

export function setCtx(req: Request, c: Context): void {
  contexts.set(req, c);
}

/** The authenticated context; throws (500) on a route mounted without auth. */
export function ctx(req: Request): Context {
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
