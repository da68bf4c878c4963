// Everything a request passes before the routes, as one Express layer: the access log, the
// caller's key, the rate limit, the production guards, auth, the JSON body, the text guard and
// the contract's request validation, in that order. As one layer each, these cost the router a
// match, a params object and a callback per step and request, and a promise per async step; here
// each step calls the next directly and waits only when there is something to wait for (a key
// not yet cached, the shared rate-limit count, a body to read, the validator).
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../context.ts';
import { ApiError, forbidden } from '../errors.ts';
import { startAccessLog } from './access-log.ts';
import { authorize, identifyCaller, type Principal } from './auth.ts';
import { createRateLimit, type RateLimit } from './rate-limit.ts';
import { refuseUnstorableText } from './text-guard.ts';

export interface PipelineOptions {
  bodyLimit: string;
  /** For KYC documents (POST /v1/kyc/{id}/documents). */
  documentBodyLimit: string;
  /** The contract validator's handlers, run in order (or as one, see below). */
  validation: RequestHandler[];
}

const DOCUMENT_PATH = /^\/v1\/kyc\/[^/]+\/documents$/;

export function requestPipeline(deps: AppDeps, opts: PipelineOptions): RequestHandler {
  const { config } = deps;
  const limit = createRateLimit({ db: deps.db, limitPerHour: config.rateLimitPerHour, ...(deps.realClock ? { clock: deps.realClock } : {}) });
  const small = express.json({ limit: opts.bodyLimit });
  const large = express.json({ limit: opts.documentBodyLimit });
  // The validator's handlers as one: its `direct` entry (our patch of the package) calls them
  // without a promise per step once its spec has loaded.
  const validate = (opts.validation as { direct?: Step }).direct ?? inOrder(opts.validation);

  /** The text guard, then validation; then on to the routes. */
  function checked(req: Request, res: Response, next: NextFunction): void {
    try {
      refuseUnstorableText(req);
    } catch (err) {
      return next(err);
    }
    validate(req, res, next);
  }

  function counted(req: Request, res: Response, next: NextFunction, p: Principal): void {
    try {
      // After the rate limiter, so even these refusals carry the X-RateLimit-* headers the contract documents.
      if (config.env === 'production') productionGuards(req);
      authorize(req, p, deps);
    } catch (err) {
      return next(err);
    }
    // A request without a body skips the JSON parser (which would only note that req.body is unset).
    if (!hasBody(req)) {
      if (!('body' in (req as object))) req.body = undefined;
      return checked(req, res, next);
    }
    const parse = req.method === 'POST' && DOCUMENT_PATH.test(req.path) ? large : small;
    parse(req, res, (err?: unknown) => (err ? next(err) : checked(req, res, next)));
  }

  function identified(req: Request, res: Response, next: NextFunction, p: Principal): void {
    let waiting: void | Promise<void>;
    try {
      waiting = limit(req, res, p);
    } catch (err) {
      return next(err);
    }
    if (waiting) waiting.then(() => counted(req, res, next, p), next);
    else counted(req, res, next, p);
  }

  return (req, res, next) => {
    startAccessLog(req, res, deps.log);
    let p: Principal | Promise<Principal>;
    try {
      p = identifyCaller(req, deps);
    } catch (err) {
      return next(err);
    }
    if (p instanceof Promise) p.then((p) => identified(req, res, next, p), next);
    else identified(req, res, next, p);
  };
}

/** Production speaks only HTTPS (directly or behind a trusted proxy) and has no sandbox helpers. */
function productionGuards(req: Request): void {
  // Load balancers probe liveness over plain HTTP; /healthz reveals nothing.
  if (!req.secure && req.path !== '/healthz') {
    throw forbidden('HTTPS is required: this production server refuses plain HTTP');
  }
  if (req.path === '/v1/sandbox' || req.path.startsWith('/v1/sandbox/')) {
    throw new ApiError('not_found', `Unrecognized request URL (${req.method} ${req.path}): sandbox helpers do not exist in production`);
  }
}

/** Whether the request has a body, as the JSON parser judges it (a Transfer-Encoding or a numeric Content-Length). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
}

/**
 * The handlers run one after the other, as consecutive Express layers would run them: an error
 * (passed on, thrown, or a rejected promise) goes to `next` and skips the rest.
 */
type Step = (req: Request, res: Response, next: NextFunction) => void;

function inOrder(handlers: RequestHandler[]): Step {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(err);
      const handler = handlers[i++];
      if (!handler) return next();
      try {
        const out: unknown = handler(req, res, step);
        if (out instanceof Promise) out.then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}
