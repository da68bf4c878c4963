// Reads a list request: the page parameters, the query as sent and the public base URL, for
// db/paging.ts, which runs the keyset query and builds the links.
import type { Request } from 'express';
import { badRequest } from '../errors.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, type PageParams, type PageQuery } from '../db/paging.ts';
import { appDeps } from './context.ts';

/** What a list route hands to listPage: the checked page parameters and where the caller asked. */
export function pageQuery(req: Request): PageQuery {
  return { page: pageParams(req), path: req.originalUrl.split('?')[0]!, query: rawQuery(req), base: publicBase(req) };
}

/** Reads and checks limit/order/cursors from the query string (the validator coerces too). */
export function pageParams(req: Request): PageParams {
  const q = rawQuery(req);
  const limitText = q.get('limit');
  let limit = DEFAULT_LIMIT;
  if (limitText !== null) {
    if (!/^\d+$/.test(limitText) || Number(limitText) > MAX_LIMIT) {
      throw badRequest(`limit: must be an integer from 0 to ${MAX_LIMIT}`, 'limit');
    }
    limit = Number(limitText);
  }
  const order = q.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw badRequest('order: must be one of asc, desc', 'order');
  const starting_after = q.get('starting_after');
  const ending_before = q.get('ending_before');
  if (starting_after !== null && ending_before !== null) {
    throw badRequest('starting_after: cannot be combined with ending_before', 'starting_after');
  }
  return { limit, order, starting_after, ending_before };
}

function rawQuery(req: Request): URLSearchParams {
  const i = req.originalUrl.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1));
}

/** FINOS_PUBLIC_URL, else the scheme and host the request came in on. */
export function publicBase(req: Request): string {
  const configured = appDeps(req)?.config.publicUrl;
  return configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
