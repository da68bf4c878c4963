// The one error mapper: anything thrown anywhere becomes {"error":{"type","message"}} with the
// reference's status. Validator and body-parser errors are translated here; 5xx detail goes to
// the log only. The `type` of a 400 follows one rule, whoever found the mistake (validator or
// service): a mistake in the JSON body of a write is `validation_error`; a mistake in the query,
// the path or a header, or a body that is not JSON at all, is `invalid_request`.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ApiError, type ErrorKind } from '../errors.ts';
import { describeJsonSyntax } from './json-syntax.ts';
import { classified, WRITE_METHODS } from './error-type.ts';
import { humanize } from '../messages.ts';
import { requestId, requestLog } from './context.ts';

/** The `type` an error body carries on the wire. */
export type WireType =
  | 'api_error'
  | 'authentication_error'
  | 'invalid_request'
  | 'rate_limit_exceeded'
  | 'validation_error'
  | 'not_found';

/** The one table from a domain error's kind to its HTTP status and wire `type`. */
export const ERROR_WIRE: Readonly<Record<ErrorKind, { status: number; type: WireType }>> = {
  bad_request: { status: 400, type: 'invalid_request' },
  validation: { status: 400, type: 'validation_error' },
  unauthorized: { status: 401, type: 'authentication_error' },
  request_failed: { status: 402, type: 'invalid_request' },
  forbidden: { status: 403, type: 'authentication_error' },
  not_found: { status: 404, type: 'not_found' },
  method_not_allowed: { status: 405, type: 'invalid_request' },
  conflict: { status: 409, type: 'invalid_request' },
  too_large: { status: 413, type: 'invalid_request' },
  rate_limited: { status: 429, type: 'rate_limit_exceeded' },
  unavailable: { status: 503, type: 'api_error' },
};

/** The HTTP status an error is sent with. */
export const statusOf = (err: ApiError): number => ERROR_WIRE[err.kind].status;

/** The body of an error answer; idempotent writes store it as sent. */
export function errorBody(err: ApiError): { error: { type: WireType; message: string; field?: string } } {
  return { error: { type: ERROR_WIRE[err.kind].type, message: err.message, ...(err.field ? { field: err.field } : {}) } };
}

interface ValidatorItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  errors?: ValidatorItem[];
  headers?: Record<string, string>;
  expose?: boolean;
}


/** Turns a known error into an ApiError; null for anything unexpected (a 500). */
export function toApiError(err: unknown, req: Request): ApiError | null {
  if (err instanceof ApiError) return classified(err, req);
  if (!err || typeof err !== 'object') return null;
  const e = err as HttpishError;
  const status = e.status ?? e.statusCode;
  // body-parser (express.json)
  if (e.type === 'entity.parse.failed') {
    const raw = (err as { body?: unknown }).body;
    const where = typeof raw === 'string' ? describeJsonSyntax(raw) : null;
    return new ApiError('bad_request', `The request body is not valid JSON (malformed JSON): ${where ?? e.message ?? 'parse error'}`);
  }
  if (e.type === 'entity.too.large' || status === 413) {
    return new ApiError('too_large', 'The request body is too large');
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new ApiError('bad_request', e.message ?? 'Unsupported request encoding');
  }
  // Any other body-parser refusal (a gzip body that does not inflate, a length that does not
  // match): http-errors marks it `expose` with a 4xx status. The client sent it, so it is a 400.
  if (e.expose === true && status && status >= 400 && status < 500 && !Array.isArray(e.errors)) {
    return new ApiError('bad_request', `The request body could not be read: ${e.message ?? 'unreadable body'}`);
  }
  if (!status || !Array.isArray(e.errors)) return null;
  // express-openapi-validator
  switch (status) {
    case 400:
      return fromValidation(e.errors, req);
    case 404:
      return new ApiError('not_found', `Unrecognized request URL (${req.method} ${req.path})`);
    case 405:
      return new ApiError('method_not_allowed', `Method ${req.method} is not allowed on ${req.path}`);
    case 413:
      return new ApiError('too_large', 'The request body is too large');
    case 415:
      return new ApiError('bad_request', `Unsupported Content-Type ${req.get('content-type') ?? '(none)'}: send application/json`, 'Content-Type');
    default:
      return null;
  }
}

function fromValidation(items: ValidatorItem[], req: Request): ApiError {
  const described = items.map(describe);
  const first = described[0] ?? { where: 'body', field: undefined, message: 'is invalid' };
  const message = described.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ');
  const isBody = first.where === 'body' && WRITE_METHODS.has(req.method);
  return new ApiError(isBody ? 'validation' : 'bad_request', message, first.field);
}

/** '/body/address/state' + "must match pattern \"^[A-Z]{2}$\"" -> field 'address.state', 'must be a 2-letter code…'. */
function describe(item: ValidatorItem): { where: string; field: string | undefined; message: string } {
  const parts = (item.path ?? '').replace(/^[./]/, '').split(/[./]/).filter(Boolean);
  const where = parts.shift() ?? 'body';
  let field = parts.length ? parts.join('.') : undefined;
  const raw = item.message ?? 'is invalid';
  const human = humanize(raw);
  let message = human !== raw ? human : raw.replace(/"/g, '');
  const required = /^must have required property '?([^']+)'?$/.exec(message);
  if (required) {
    const name = required[1]!;
    field = !field ? name : field === name || field.endsWith(`.${name}`) ? field : `${field}.${name}`;
    message = 'is required';
  }
  if (/^must NOT have additional properties/.test(message)) message = 'is not a recognized field';
  return { where, field, message };
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new ApiError('not_found', `Unrecognized request URL (${req.method} ${req.path})`);
};

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const apiErr = toApiError(err, req);
  const log = requestLog(req);
  const wire = apiErr ? ERROR_WIRE[apiErr.kind] : { status: 500, type: 'api_error' as const };
  if (apiErr && wire.status < 500) {
    const headers = (err as HttpishError).headers;
    if (wire.status === 405 && headers?.Allow) res.set('Allow', headers.Allow);
    log.debug({ status: wire.status, type: wire.type }, apiErr.message);
    sendJson(res, wire.status, errorBody(apiErr));
    return;
  }
  const id = requestId(req);
  log.error({ err, request_id: id }, `Unhandled error on ${req.method} ${req.originalUrl}: ${(err as Error)?.message ?? String(err)}`);
  const message = apiErr ? apiErr.message : 'An unexpected error occurred';
  sendJson(res, wire.status, { error: { type: wire.type, message: `${message}. Quote request id ${id} to support.`, request_id: id } });
};

/**
 * Errors bypass res.json, which the contract's response validator hooks: an error body always
 * has the Error shape, and validating it against the operation (an unimplemented route's 404,
 * a 413 on a route that documents none) would turn a clean 4xx into an HTML 500.
 */
function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(JSON.stringify(body));
}
