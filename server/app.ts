// The Express app factory (no listen): logging, environment guards, auth, rate limit, body
// parsing, the text guard, contract validation, routes, and the one error handler, in that order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { AppDeps } from './context.ts';
import { accessLog } from './http/access-log.ts';
import { identify, requireAuth } from './http/auth.ts';
import { createRateLimit } from './http/rate-limit.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { ApiError, forbidden } from './errors.ts';
import { refuseUnstorableText } from './http/text-guard.ts';
import { healthRouter } from './routes/health.ts';
import { mountRoutes } from './routes/index.ts';

export const SPEC_PATH = join(import.meta.dirname, '..', 'generated', 'openapi.json');
export const BODY_LIMIT = '1mb';
/** KYC documents arrive base64-encoded in JSON: about 10 MB of file. */
export const DOCUMENT_BODY_LIMIT = '15mb';

export type { AppDeps };

export interface AppOptions {
  /** Mounts the resource routers; tests substitute their own. */
  routes?: (app: Express) => void;
}

export function createApp(deps: AppDeps, opts: AppOptions = {}): Express {
  const { config } = deps;
  const app = express();
  app.locals.finos = deps;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);

  app.use(accessLog(deps.log));
  app.use(identify);
  app.use(createRateLimit({ db: deps.db, limitPerHour: config.rateLimitPerHour, ...(deps.realClock ? { clock: deps.realClock } : {}) }));
  // After the rate limiter, so even these refusals carry the X-RateLimit-* headers the contract documents.
  app.use(environmentGuards(deps));
  app.use(requireAuth);
  app.use(bodyParser());
  app.use(refuseUnstorableText);
  app.use(
    OpenApiValidator.middleware({
      apiSpec: loadSpec() as never,
      validateApiSpec: false,
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false, removeAdditional: false },
      validateResponses: config.validateResponses ? { removeAdditional: false } : false,
      validateSecurity: false,
      validateFormats: true,
      // Full RFC 3339 checks: the fast mode's regular expressions let 2027-02-30 through.
      ajvFormats: { mode: 'full' },
      ignoreUndocumented: false,
    }),
  );
  app.use(healthRouter);
  (opts.routes ?? mountRoutes)(app);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** A fresh copy each time: the validator annotates the document it is given. */
export function loadSpec(): Record<string, unknown> {
  return JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Record<string, unknown>;
}

/** Production speaks only HTTPS (directly or behind a trusted proxy) and has no sandbox helpers. */
function environmentGuards(deps: AppDeps): RequestHandler {
  return (req, _res, next) => {
    if (deps.config.env !== 'production') return next();
    // Load balancers probe liveness over plain HTTP; /healthz reveals nothing.
    if (!req.secure && req.path !== '/healthz') {
      throw forbidden('HTTPS is required: this production server refuses plain HTTP');
    }
    if (req.path === '/v1/sandbox' || req.path.startsWith('/v1/sandbox/')) {
      throw new ApiError('not_found', `Unrecognized request URL (${req.method} ${req.path}): sandbox helpers do not exist in production`);
    }
    next();
  };
}

function bodyParser(): RequestHandler {
  const small = express.json({ limit: BODY_LIMIT });
  const large = express.json({ limit: DOCUMENT_BODY_LIMIT });
  return (req, res, next) => {
    const isDocument = req.method === 'POST' && /^\/v1\/kyc\/[^/]+\/documents$/.test(req.path);
    (isDocument ? large : small)(req, res, next);
  };
}
