// The embedded engine: PGlite (Postgres compiled to WASM) in FINOS_DATA_DIR, or in memory.
// PGlite is a single connection; its own mutex serializes queries and transactions.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './db.ts';
import { TransactionGuard } from './guard.ts';
import { attachScope, beginTransaction, CacheScope, committed } from './invalidation.ts';
import { parsers } from './types.ts';

export interface PgliteOptions {
  /** Start from a dumpDataDir() tarball instead of running initdb (tests: seconds saved per database). */
  loadDataDir?: Blob;
}

export interface PgliteDb extends Db {
  /** The whole data directory as an uncompressed tarball (a template for loadDataDir). */
  dumpDataDir(): Promise<Blob>;
}

export async function openPglite(dataDir: string, opts: PgliteOptions = {}): Promise<PgliteDb> {
  const memory = dataDir === 'memory://';
  if (!memory) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ ...(memory ? {} : { dataDir }), parsers, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  await pg.exec("SET TIME ZONE 'UTC'");
  const guard = new TransactionGuard();

  const run = async <R>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await q.query<R>(sql, params as unknown[] | undefined);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };

  // One process owns the data directory, so local invalidation sees every write: caches on from the start.
  const scope = new CacheScope();
  const db: PgliteDb = {
    kind: 'pglite' as const,
    query<R>(sql: string, params?: readonly unknown[]) {
      guard.check();
      return run<R>(pg, sql, params);
    },
    async exec(sql: string) {
      guard.check();
      await pg.exec(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      guard.check();
      let opened: Queryable | undefined;
      const result = await pg.transaction((t) => {
        const tx: Queryable = {
          query: (sql, params) => run(t, sql, params),
          exec: async (sql) => void (await t.exec(sql)),
        };
        opened = tx;
        beginTransaction(tx, db);
        return guard.run(() => fn(tx));
      });
      if (opened) committed(opened);
      return result;
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
    async dumpDataDir() {
      return pg.dumpDataDir('none');
    },
  };
  attachScope(db, scope);
  return db;
}
