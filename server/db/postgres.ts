// The server engine: node-postgres Pool on DATABASE_URL. `schema` puts every connection's
// search_path on one schema (created if missing), which is how each test app gets its own.
import pg from 'pg';
import type { Db, QueryResult, Queryable } from './db.ts';
import { TransactionGuard } from './guard.ts';
import { parsers } from './types.ts';

export interface PostgresOptions {
  url: string;
  schema?: string | null;
  max?: number;
}

const typeOverrides = {
  getTypeParser(oid: number, format?: string) {
    const p = parsers[oid];
    if (p && format !== 'binary') return p;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export async function openPostgres(opts: PostgresOptions): Promise<Db> {
  const schema = opts.schema ?? null;
  if (schema) {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    } finally {
      await admin.end();
    }
  }
  const searchPath = schema ? ` -c search_path=${schema}` : '';
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types: typeOverrides,
    options: `-c TimeZone=UTC${searchPath}`,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const guard = new TransactionGuard();

  const run = async <R>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await q.query(sql, params as unknown[] | undefined);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
  };

  return {
    kind: 'postgres',
    query<R>(sql: string, params?: readonly unknown[]) {
      guard.check();
      return run<R>(pool, sql, params);
    },
    async exec(sql: string) {
      guard.check();
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      guard.check();
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => void (await client.query(sql)),
        };
        const result = await guard.run(() => fn(tx));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
