// The single error type the API raises, and the table from error type to HTTP status.
// The mapper middleware (http/error-handler.ts) turns any thrown value into
// {"error":{"type","message"}}; 5xx details go to the log only.

export type ErrorType =
  | 'api_connection'
  | 'api_error'
  | 'authentication_error'
  | 'invalid_request'
  | 'rate_limit_exceeded'
  | 'validation_error'
  | 'not_found';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, field?: string) => new ApiError(400, 'invalid_request', message, field);
export const validationError = (message: string, field?: string) => new ApiError(400, 'validation_error', message, field);
export const unauthorized = (message = 'No valid API key provided') => new ApiError(401, 'authentication_error', message);
export const requestFailed = (message: string, field?: string) => new ApiError(402, 'invalid_request', message, field);
export const forbidden = (message: string) => new ApiError(403, 'authentication_error', message);
export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `No such ${what}: ${id}`);
export const conflict = (message: string, field?: string) => new ApiError(409, 'invalid_request', message, field);
