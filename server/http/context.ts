// Per-request context (the Context of server/context.ts): auth.ts sets it; handlers read it with
// ctx(req). Public routes use appDeps(req) instead.
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AppDeps, Context } from '../context.ts';
import { requestIdOf, requestLogger } from './access-log.ts';

// On the request under a symbol, like the principal (auth.ts): cheaper for the collector than a
// WeakMap entry per request.
const CONTEXT = Symbol('finos.context');
type WithContext = { [CONTEXT]?: Context };

export function setCtx(req: Request, c: Context): void {
  (req as WithContext)[CONTEXT] = c;
}

/** The authenticated context; throws (500) on a route mounted without auth. */
export function ctx(req: Request): Context {
  const c = (req as WithContext)[CONTEXT];
  if (!c) throw new Error(`No request context on ${req.method} ${req.originalUrl}: route is not behind auth`);
  return c;
}

export function hasCtx(req: Request): boolean {
  return (req as WithContext)[CONTEXT] !== undefined;
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
