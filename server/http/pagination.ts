// The one pagination helper behind every list. Ids are UUID v7, so ordering by id is ordering
// by creation, and an id doubles as the cursor (`starting_after` / `ending_before`).
import type { Request } from 'express';
import type { Queryable } from '../db/db.ts';
import { badRequest } from '../errors.ts';
import { appDeps } from './context.ts';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
const PAGE_PARAMS = new Set(['limit', 'order', 'starting_after', 'ending_before']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Pagination {
  ending_before: string | null;
  starting_after: string | null;
  limit: number;
  order: 'asc' | 'desc';
  previous_page: string | null;
  next_page: string | null;
  previous_uri: string | null;
  next_uri: string | null;
  /** Filters the list was called with, echoed back. */
  [filter: string]: string | number | null;
}

export interface Page<T> {
  pagination: Pagination;
  data: T[];
}

export interface ListSpec {
  /** A table name, or `(SELECT ...) AS t`. Never user input. */
  table: string;
  /** A SQL condition over `table` using $1..$n from params. Always include tenant_id. */
  where: string;
  params: readonly unknown[];
  /** The column the cursors name; default `id`. */
  cursorColumn?: string;
  /** The column rows are ordered by; default the cursor column (UUID v7 ids sort by creation). */
  sortColumn?: string;
  /** What a well-formed cursor looks like; default a UUID. */
  cursorPattern?: RegExp;
  /** Columns to select; default `*`. */
  columns?: string;
  /** Filters to echo in `pagination`; default: every non-pagination query parameter. */
  filters?: Record<string, string | null>;
}

export interface PageParams {
  limit: number;
  order: 'asc' | 'desc';
  starting_after: string | null;
  ending_before: string | null;
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

/**
 * One page of `spec.table` as {pagination, data}. A list route is:
 *   res.json(await listPage(req, c.db, { table: 'users', where: 'tenant_id = $1', params: [c.tenantId] }, toUser))
 */
export async function listPage<Row, Out>(
  req: Request,
  db: Queryable,
  spec: ListSpec,
  toJson: (row: Row) => Out | Promise<Out>,
): Promise<Page<Out>> {
  const p = pageParams(req);
  const col = spec.cursorColumn ?? 'id';
  const sortCol = spec.sortColumn ?? col;
  const cursorName = p.starting_after !== null ? 'starting_after' : p.ending_before !== null ? 'ending_before' : null;
  const cursor = p.starting_after ?? p.ending_before;
  if (cursorName && cursor !== null) await checkCursor(db, spec, col, cursorName, cursor);

  // ending_before walks backwards from the cursor, then flips the rows into the requested order.
  const backwards = cursorName === 'ending_before';
  const ascending = (p.order === 'asc') !== backwards;
  const params = [...spec.params];
  let where = `(${spec.where})`;
  if (cursor !== null) {
    params.push(cursor);
    const anchor = sortCol === col
      ? `$${params.length}`
      : `(SELECT ${sortCol} FROM ${spec.table} WHERE (${spec.where}) AND ${col} = $${params.length})`;
    where += ` AND ${sortCol} ${ascending ? '>' : '<'} ${anchor}`;
  }
  params.push(p.limit + 1);
  const sql = `SELECT ${spec.columns ?? '*'} FROM ${spec.table} WHERE ${where} ORDER BY ${sortCol} ${ascending ? 'ASC' : 'DESC'} LIMIT $${params.length}`;
  const rows = (await db.query<Row>(sql, params)).rows;
  const more = rows.length > p.limit;
  const pageRows = rows.slice(0, p.limit);
  if (backwards) pageRows.reverse();
  const ids = pageRows.map((r) => String((r as Record<string, unknown>)[col]));
  const first = ids[0] ?? null;
  const last = ids[ids.length - 1] ?? null;

  // Forward: more after `last` if we over-fetched; something before `first` if we came via a cursor.
  // Backward: the mirror image. An empty page or limit 0 links nowhere (there is no id to anchor on).
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : cursor !== null;
  const next = hasNext && last ? link(req, 'starting_after', last) : null;
  const prev = hasPrev && first ? link(req, 'ending_before', first) : null;
  const base = publicBase(req);
  const data = await Promise.all(pageRows.map((r) => toJson(r)));
  return {
    pagination: {
      ...(spec.filters ?? echoedFilters(req)),
      ending_before: p.ending_before,
      starting_after: p.starting_after,
      limit: p.limit,
      order: p.order,
      previous_page: prev,
      next_page: next,
      previous_uri: prev && base + prev,
      next_uri: next && base + next,
    },
    data,
  };
}

async function checkCursor(db: Queryable, spec: ListSpec, col: string, name: string, cursor: string): Promise<void> {
  const unknown = badRequest(`${name}: no such object ${cursor} in this list`, name);
  if (!(spec.cursorPattern ?? UUID).test(cursor)) throw unknown;
  const params = [...spec.params, cursor];
  const r = await db.query(`SELECT 1 FROM ${spec.table} WHERE (${spec.where}) AND ${col} = $${params.length} LIMIT 1`, params);
  if (r.rows.length === 0) throw unknown;
}

function rawQuery(req: Request): URLSearchParams {
  const i = req.originalUrl.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1));
}

function echoedFilters(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of rawQuery(req)) if (!PAGE_PARAMS.has(k)) out[k] = v;
  return out;
}

/** The current path and query, with the cursor replaced. */
function link(req: Request, name: 'starting_after' | 'ending_before', id: string): string {
  const q = rawQuery(req);
  q.delete('starting_after');
  q.delete('ending_before');
  q.set(name, id);
  const path = req.originalUrl.split('?')[0]!;
  return `${path}?${q.toString()}`;
}

/** FINOS_PUBLIC_URL, else the scheme and host the request came in on. */
export function publicBase(req: Request): string {
  const configured = appDeps(req)?.config.publicUrl;
  return configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
