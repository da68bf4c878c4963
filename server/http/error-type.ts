// Which `type` a 400 carries, by one rule whoever found the mistake: a field of a write's JSON
// body is `validation_error`; a query or path parameter, a header, or no field at all is
// `invalid_request`. Used by the error mapper and by idempotent writes, which store the answer.
import type { Request } from 'express';
import { ApiError } from '../errors.ts';

/** The methods whose JSON body is a write's input. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A service's 400 that names a field of a write's JSON body is a `validation_error`, like the
 * validator's own findings in the body: an unknown symbol in an asset class is the same kind of
 * mistake as a malformed one. Query, path and header names keep `invalid_request`.
 */
export function classified(err: ApiError, req: Request): ApiError {
  if (err.kind !== 'bad_request' || !err.field) return err;
  if (!WRITE_METHODS.has(req.method) || !isPlainObject(req.body)) return err;
  const top = /^[a-z_][a-z0-9_]*/.exec(err.field)?.[0];
  if (!top) return err;
  const pathParams = (req as Request & { openapi?: { pathParams?: Record<string, unknown> } }).openapi?.pathParams ?? {};
  if (Object.hasOwn(req.query ?? {}, top) || Object.hasOwn(pathParams, top)) return err;
  return new ApiError('validation', err.message, err.field);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
