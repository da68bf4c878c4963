// The one keyset pagination behind every list. Ids are UUID v7, so ordering by id is ordering
// by creation, and an id doubles as the cursor (`starting_after` / `ending_before`).
import type { Queryable } from './db.ts';
import { badRequest } from '../errors.ts';

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

/** What a list was asked for: the page, and where the caller asked, for the links and echoed filters. */
export interface PageQuery {
  page: PageParams;
  /** The list's path, e.g. `/v1/orders`. */
  path: string;
  /** The query string as sent, page parameters included. */
  query: URLSearchParams;
  /** The scheme and host absolute links start with. */
  base: string;
}

/**
 * One page of `spec.table` as {pagination, data}. A service describes the list as a ListSpec;
 * its route pages it (the spec first, so its refusals come before the page parameters'):
 *   res.json(await listPage(c.db, { table: 'users', where: 'tenant_id = $1', params: [c.tenantId] }, toUser, pageQuery(req)))
 */
export async function listPage<Row, Out>(
  db: Queryable,
  spec: ListSpec,
  toJson: (row: Row) => Out | Promise<Out>,
  q: PageQuery,
): Promise<Page<Out>> {
  const p = q.page;
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
  const next = hasNext && last ? link(q, 'starting_after', last) : null;
  const prev = hasPrev && first ? link(q, 'ending_before', first) : null;
  const data = await Promise.all(pageRows.map((r) => toJson(r)));
  return {
    pagination: {
      ...(spec.filters ?? echoedFilters(q.query)),
      ending_before: p.ending_before,
      starting_after: p.starting_after,
      limit: p.limit,
      order: p.order,
      previous_page: prev,
      next_page: next,
      previous_uri: prev && q.base + prev,
      next_uri: next && q.base + next,
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

function echoedFilters(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (!PAGE_PARAMS.has(k)) out[k] = v;
  return out;
}

/** The current path and query, with the cursor replaced. */
function link(page: PageQuery, name: 'starting_after' | 'ending_before', id: string): string {
  const q = new URLSearchParams(page.query);
  q.delete('starting_after');
  q.delete('ending_before');
  q.set(name, id);
  return `${page.path}?${q.toString()}`;
}
