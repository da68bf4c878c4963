// The single error type the domain raises: a kind of refusal, a message and the field at fault.
// It knows nothing of HTTP; http/error-handler.ts holds the one table from kind to status and
// wire `type`, and turns any thrown value into {"error":{"type","message"}}.

export type ErrorKind =
  /** The request is malformed: a query, path or header value, or a body that cannot be read. */
  | 'bad_request'
  /** A field of the request body breaks a rule. */
  | 'validation'
  /** No valid credentials. */
  | 'unauthorized'
  /** The request is well formed but cannot be carried out (funds, market hours, state). */
  | 'request_failed'
  /** The caller may not do this. */
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  /** The request clashes with the current state (a duplicate, a used idempotency key). */
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  /** A transient failure on our side; the caller may retry. */
  | 'unavailable';

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A refusal the caller can act on (their request), as opposed to a failure on our side. */
export const isRefusal = (err: unknown): err is ApiError => err instanceof ApiError && err.kind !== 'unavailable';

export const badRequest = (message: string, field?: string) => new ApiError('bad_request', message, field);
export const validationError = (message: string, field?: string) => new ApiError('validation', message, field);
export const unauthorized = (message = 'No valid API key provided') => new ApiError('unauthorized', message);
export const requestFailed = (message: string, field?: string) => new ApiError('request_failed', message, field);
export const forbidden = (message: string, field?: string) => new ApiError('forbidden', message, field);
export const notFound = (what: string, id: string) => new ApiError('not_found', `No such ${what}: ${id}`);
export const conflict = (message: string, field?: string) => new ApiError('conflict', message, field);
export const tooLarge = (message: string, field?: string) => new ApiError('too_large', message, field);
export const unavailable = (message: string) => new ApiError('unavailable', message);
