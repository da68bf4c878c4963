// The one database seam: every query in Finos goes through Queryable, so the same SQL runs on
// embedded PGlite (default) and on PostgreSQL (DATABASE_URL). Row types are identical on both
// (server/db/types.ts): NUMERIC and DATE -> string, timestamptz -> Date, int8 -> number.
// Inside db.transaction(fn) use only the tx argument; touching db there throws.

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs several ;-separated statements without parameters (migrations, schema setup). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction (BEGIN/COMMIT, ROLLBACK on throw). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL: LISTEN for cache invalidations from other instances (server/db/invalidation.ts);
   * until this is called the caches are not used. The server calls it at start.
   */
  listenForInvalidations?(): Promise<void>;
  close(): Promise<void>;
}
