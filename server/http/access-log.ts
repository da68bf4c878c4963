// The access log, on pino: a request id for every request (sent back as X-Request-Id) and one
// line per finished response. pino-http did this before; under load its two child loggers and
// serializers per request cost about 7 % of the server's CPU (see docs/benchmarks.md). This keeps
// pino-http's line shape ({req, res, responseTime}) and builds a child logger only when a handler
// or the error handler asks for one.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

const INCOMING_ID = /^[\w.-]{1,128}$/;

interface Logged {
  id: string;
  base: Logger;
  child?: Logger;
  started: number;
  done: boolean;
}

// Kept on the request under a symbol rather than in a WeakMap keyed by requests: an entry per
// request in a WeakMap costs microseconds in the collector (bench/request-state.ts).
const LOGGED = Symbol('finos.accessLog');
type Logs = { [LOGGED]?: Logged };
const logged = {
  get: (req: Request): Logged | undefined => (req as Logs)[LOGGED],
  set: (req: Request, l: Logged): void => { (req as Logs)[LOGGED] = l; },
};

/**
 * One shared listener for 'finish' and 'close' (`this` is the response), rather than a closure per
 * request: the dev loader (tsx) wraps every arrow function it makes in a name-setting call.
 */
function finished(this: Response): void {
  const req = this.req;
  const l = logged.get(req);
  if (!l || l.done) return;
  l.done = true;
  // A response that never finished (the client went away) is logged like a server failure.
  const status = this.writableFinished ? this.statusCode : 0;
  const level = status >= 500 || status === 0 ? 'warn' : 'info';
  if (!l.base.isLevelEnabled(level)) return;
  l.base[level](
    { req: { id: l.id, method: req.method, url: req.originalUrl }, res: { statusCode: status }, responseTime: Math.round(performance.now() - l.started) },
    status === 0 ? 'request aborted' : 'request completed',
  );
}

export function accessLog(base: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : `req_${randomUUID().replace(/-/g, '')}`;
    logged.set(req, { id, base, started: performance.now(), done: false });
    res.setHeader('X-Request-Id', id);
    // `on`, not `once` (which wraps each registration): `done` already makes the line one per request.
    res.on('finish', finished);
    res.on('close', finished);
    next();
  };
}

/** The id accessLog gave the request ('' before it ran). */
export function requestIdOf(req: Request): string {
  return logged.get(req)?.id ?? '';
}

/** A logger bound to this request ({req: {id, method, url}}), made on first use. */
export function requestLogger(req: Request, fallback: Logger): Logger {
  const l = logged.get(req);
  if (!l) return fallback;
  l.child ??= l.base.child({ req: { id: l.id, method: req.method, url: req.originalUrl } });
  return l.child;
}
