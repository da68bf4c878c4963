// The access log, on pino: a request id for every request (sent back as X-Request-Id) and one
// line per finished response. pino-http did this before; under load its two child loggers and
// serializers per request cost about 7 % of the server's CPU (see docs/benchmarks.md). This keeps
// pino-http's line shape ({req, res, responseTime}) and builds a child logger only when a handler
// or the error handler asks for one.
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { poolBytes } from '../random.ts';
import { stageHeader } from './response-head.ts';

const INCOMING_ID = /^[\w.-]{1,128}$/;

class Logged {
  child: Logger | undefined = undefined;
  readonly started = performance.now();
  done = false;
  constructor(readonly id: string, readonly base: Logger) {}
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
 * One shared listener (`this` is the response), rather than a closure per request: the dev loader
 * (tsx) wraps every arrow function it makes in a name-setting call. It listens for 'close', which
 * a response emits once in any case: just after 'finish' when it was sent, or alone when the
 * client went away first.
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

// Request ids are `req_` and a random UUID (version 4) without its dashes, formatted straight from
// the shared pool of random bytes: cheaper than formatting a UUID and removing the dashes.
function newRequestId(): string {
  const b = poolBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return `req_${b.toString('hex')}`;
}

/** Starts the request's log: its id (sent back as X-Request-Id) and its line once the response is done. */
export function startAccessLog(req: Request, res: Response, base: Logger): void {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : newRequestId();
  logged.set(req, new Logged(id, base));
  stageHeader(res, 'X-Request-Id', id);
  res.on('close', finished);
}

/** The id startAccessLog gave the request ('' before it ran). */
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
