// The access log, on pino: a request id for every request (sent back as X-Request-Id) and one
// line per finished response. pino-http did this before; under load its two child loggers and
// serializers per request cost about 7 % of the server's CPU (see docs/benchmarks.md). This keeps
// pino-http's line shape ({req, res, responseTime}) and builds a child logger only when a handler
// or the error handler asks for one.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';

const INCOMING_ID = /^[\w.-]{1,128}$/;

interface Logged {
  id: string;
  base: Logger;
  child?: Logger;
}

const logged = new WeakMap<Request, Logged>();

export function accessLog(base: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : `req_${randomUUID().replace(/-/g, '')}`;
    logged.set(req, { id, base });
    res.setHeader('X-Request-Id', id);
    const started = performance.now();
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      // A response that never finished (the client went away) is logged like a server failure.
      const status = res.writableFinished ? res.statusCode : 0;
      const level = status >= 500 || status === 0 ? 'warn' : 'info';
      if (!base.isLevelEnabled(level)) return;
      base[level](
        { req: { id, method: req.method, url: req.originalUrl }, res: { statusCode: status }, responseTime: Math.round(performance.now() - started) },
        status === 0 ? 'request aborted' : 'request completed',
      );
    };
    res.once('finish', finished);
    res.once('close', finished);
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
