// The one error the client throws: the API's {"error":{type,message}} body with its HTTP status,
// or `api_connection` (status 0) when Finos could not be reached at all.
import type { components } from '../generated/schema.d.ts';

/** The contract's error types; `api_connection` is the one only the client raises. */
export type FinosErrorType = components['schemas']['ErrorType'];

export class FinosError extends Error {
  readonly status: number;
  readonly type: FinosErrorType;
  /** The request field at fault, when the API names one. */
  readonly field: string | undefined;
  /** Present on 5xx answers; quote it to support. */
  readonly requestId: string | undefined;

  constructor(init: { status: number; type: FinosErrorType; message: string; field?: string; requestId?: string }) {
    super(init.message);
    this.name = 'FinosError';
    this.status = init.status;
    this.type = init.type;
    this.field = init.field;
    this.requestId = init.requestId;
  }

  /** Reads an error answer; a body that is not the documented shape still yields a typed error. */
  static fromResponse(status: number, body: unknown, requestId?: string | null): FinosError {
    const error = (body as { error?: Record<string, unknown> } | null)?.error;
    const type = typeof error?.type === 'string' ? (error.type as FinosErrorType) : typeForStatus(status);
    const message = typeof error?.message === 'string' ? error.message
      : typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`;
    return new FinosError({
      status,
      type,
      message,
      ...(typeof error?.field === 'string' ? { field: error.field } : {}),
      ...(typeof error?.request_id === 'string' ? { requestId: error.request_id }
        : requestId ? { requestId } : {}),
    });
  }

  static connection(cause: unknown): FinosError {
    const err = new FinosError({ status: 0, type: 'api_connection', message: `Could not reach Finos: ${(cause as Error)?.message ?? cause}` });
    (err as { cause?: unknown }).cause = cause;
    return err;
  }
}

/** The API's own table (server/http/errors.ts), for answers that carry no usable error body. */
function typeForStatus(status: number): FinosErrorType {
  if (status === 401 || status === 403) return 'authentication_error';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'api_error';
  return 'invalid_request';
}
