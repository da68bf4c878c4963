// The Express app factory (no listen): the request pipeline (access log, the caller's key, rate
// limit, environment guards, auth, body parsing, the text guard, contract validation), the routes,
// and the one error handler, in that order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { AppDeps } from './context.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { requestPipeline } from './http/pipeline.ts';
import { installJsonReply } from './http/json-reply.ts';
import { installStagedHeaders } from './http/response-head.ts';
import { gated } from './http/route-gate.ts';
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
  installStagedHeaders(app);
  installJsonReply(app);

  // The access log, the caller's key, the rate limit, the production guards, auth, the JSON body,
  // the text guard and contract validation, as one layer (http/pipeline.ts).
  const validation = OpenApiValidator.middleware({
    apiSpec: loadSpec() as never,
    validateApiSpec: false,
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false, removeAdditional: false },
    validateResponses: config.validateResponses ? { removeAdditional: false } : false,
    validateSecurity: false,
    validateFormats: true,
    // Full RFC 3339 checks: the fast mode's regular expressions let 2027-02-30 through.
    ajvFormats: { mode: 'full' },
    ignoreUndocumented: false,
  }) as unknown as RequestHandler[];
  app.use(requestPipeline(deps, { bodyLimit: BODY_LIMIT, documentBodyLimit: DOCUMENT_BODY_LIMIT, validation }));
  // The health router is entered only by its own path (a router a request enters and leaves
  // unmatched costs a turn of the event loop); with the resource routers, it shares their layer.
  if (opts.routes) {
    app.use(gated(healthRouter));
    opts.routes(app);
  } else {
    mountRoutes(app, [healthRouter]);
  }
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** A fresh copy each time: the validator annotates the document it is given. */
export function loadSpec(): Record<string, unknown> {
  return JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Record<string, unknown>;
}
