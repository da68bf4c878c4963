// The errors the SDK throws. Every one is a FinosError; its subclass says what kind of failure it
// was, so callers can `instanceof NotFoundError` or switch on `type`.

/** The API's error types, plus `api_connection`, which only the SDK raises. Unknown types from a
 * newer server are kept as they are rather than rejected. */
export type FinosErrorType =
  | 'api_connection'
  | 'api_error'
  | 'authentication_error'
  | 'invalid_request'
  | 'rate_limit_exceeded'
  | 'validation_error'
  | 'not_found'
  | (string & {});

export interface FinosErrorInit {
  status: number;
  type: FinosErrorType;
  message: string;
  field?: string | undefined;
  requestId?: string | undefined;
  headers?: Record<string, string> | undefined;
  body?: unknown;
  cause?: unknown;
}

export class FinosError extends Error {
  /** The HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly type: FinosErrorType;
  /** The request field at fault, when the API names one. */
  readonly field: string | undefined;
  /** The `X-Request-Id` of the answer (or the body's `request_id`); quote it to support. */
  readonly requestId: string | undefined;
  /** The answer's headers, lower-cased. */
  readonly headers: Record<string, string>;
  /** The parsed answer body, or its text when it was not JSON. */
  readonly body: unknown;

  constructor(init: FinosErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.type = init.type;
    this.field = init.field;
    this.requestId = init.requestId;
    this.headers = init.headers ?? {};
    this.body = init.body;
  }

  /** `http_status`-style alias, for code shared with the other Finos SDKs. */
  get httpStatus(): number {
    return this.status;
  }
}

export class APIConnectionError extends FinosError {}
export class APIError extends FinosError {}
export class AuthenticationError extends FinosError {}
export class InvalidRequestError extends FinosError {}
export class ValidationError extends InvalidRequestError {}
export class NotFoundError extends FinosError {}
export class RateLimitError extends FinosError {}

const CLASSES: Record<string, typeof FinosError> = {
  api_connection: APIConnectionError,
  api_error: APIError,
  authentication_error: AuthenticationError,
  invalid_request: InvalidRequestError,
  validation_error: ValidationError,
  not_found: NotFoundError,
  rate_limit_exceeded: RateLimitError,
};

/** The API's own status table, for answers that carry no usable error body. */
function typeForStatus(status: number): FinosErrorType {
  if (status === 401 || status === 403) return 'authentication_error';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'api_error';
  return 'invalid_request';
}

/** The error for a non-2xx answer; a body that is not the documented shape still gives a typed error. */
export function errorFromResponse(status: number, headers: Record<string, string>, body: unknown): FinosError {
  const error = body && typeof body === 'object' ? (body as { error?: Record<string, unknown> }).error : undefined;
  const type = typeof error?.type === 'string' ? error.type : typeForStatus(status);
  const message = typeof error?.message === 'string' ? error.message
    : typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`;
  const requestId = typeof error?.request_id === 'string' ? error.request_id : headers['x-request-id'];
  const Class = CLASSES[type] ?? (status === 404 ? NotFoundError : status >= 500 ? APIError : FinosError);
  return new Class({
    status, type, message, headers, body, requestId,
    field: typeof error?.field === 'string' ? error.field : undefined,
  });
}

export function connectionError(cause: unknown): APIConnectionError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new APIConnectionError({ status: 0, type: 'api_connection', message: `Could not reach Finos: ${reason}`, cause });
}
