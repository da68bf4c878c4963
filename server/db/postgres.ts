// The server engine: node-postgres Pool on DATABASE_URL. `schema` puts every connection's
// search_path on one schema (created if missing), which is how each test app gets its own.
import pg from 'pg';
import type { Db, QueryResult, Queryable } from './db.ts';
import { TransactionGuard } from './guard.ts';
import { attachScope, beginTransaction, CACHE_CHANNEL, CacheScope, committed } from './invalidation.ts';
import { parsers } from './types.ts';
import { runStatement, StatementNames } from './statements.ts';

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
  if (schema) await createSchema(opts.url, schema);
  const pool = createPool(opts, schema);
  const guard = new TransactionGuard();

  const names = new StatementNames();
  const shapes = new ResultShapes();
  const run: Run = async <R>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const values = params as unknown[] | undefined;
    const r = await runStatement(names, sql, params, !(q instanceof pg.Pool),
      (name) => runShaped(q, new ShapedQuery(name, sql, values, shapes)), () => q.query(sql, values));
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
  };

  // Caches stay off until listenForInvalidations() has a LISTEN connection up.
  const scope = new CacheScope();
  scope.usable = false;
  let listener: Listener | null = null;
  const db: Db = {
    kind: 'postgres',
    query<R>(sql: string, params?: readonly unknown[]) {
      guard.check();
      return run<R>(pool, sql, params);
    },
    async exec(sql: string) {
      guard.check();
      await pool.query(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return inTransaction(pool, run, guard, db, fn);
    },
    async listenForInvalidations() {
      listener ??= await listen(opts.url, scope);
    },
    async close() {
      await listener?.close();
      await pool.end();
    },
  };
  attachScope(db, scope);
  return db;
}

/** A result's columns as node-postgres describes them. */
interface FieldDescription { name: string; dataTypeID: number; format?: string }

/** What node-postgres builds from a RowDescription: its fields, a parser per column and an empty row. */
interface ResultShape { fields: FieldDescription[]; parsers: unknown[]; empty: object }

/** The parts of node-postgres's Query and Result that ShapedQuery reuses (pg 8, pinned by the lockfile). */
interface QueryInternals {
  name: string;
  callback?: (err: Error | undefined, res: pg.QueryResult) => void;
  _result: { fields: FieldDescription[]; _parsers: unknown[]; _prebuiltEmptyResultObject: object };
  _accumulateRows: boolean;
  _checkForMultirow(): void;
  handleRowDescription(msg: { fields: FieldDescription[] }): void;
}

/** Each named statement's result shape, as first described on any connection of the pool. */
export class ResultShapes {
  private readonly byName = new Map<string, ResultShape>();
  get(name: string, fields: FieldDescription[]): ResultShape | undefined {
    const known = this.byName.get(name);
    if (!known || known.fields.length !== fields.length) return undefined;
    for (let i = 0; i < fields.length; i++) {
      const a = known.fields[i]!;
      const b = fields[i]!;
      if (a.name !== b.name || a.dataTypeID !== b.dataTypeID || a.format !== b.format) return undefined;
    }
    return known;
  }
  set(name: string, shape: ResultShape): void {
    this.byName.set(name, shape);
  }
}

/**
 * A named statement's query. node-postgres rebuilds the column parsers and the empty row from the
 * RowDescription of every execution (about 6 % of the server's CPU per order placed, measured when
 * placement still read the account's 60 columns); this one reuses them while the description
 * matches the statement's last one, column for column.
 */
export class ShapedQuery extends pg.Query {
  constructor(name: string, text: string, values: unknown[] | undefined, private readonly shapes: ResultShapes) {
    // From the text rather than a config object, which node-postgres would copy property by property.
    super(text, values);
    (this as unknown as QueryInternals).name = name;
  }

  handleRowDescription(msg: { fields: FieldDescription[] }): void {
    const self = this as unknown as QueryInternals;
    const known = this.shapes.get(self.name, msg.fields);
    if (!known) {
      (pg.Query.prototype as unknown as QueryInternals).handleRowDescription.call(this, msg);
      const r = self._result;
      this.shapes.set(self.name, { fields: r.fields, parsers: r._parsers, empty: r._prebuiltEmptyResultObject });
      return;
    }
    self._checkForMultirow();
    self._result.fields = known.fields;
    self._result._parsers = known.parsers;
    self._result._prebuiltEmptyResultObject = known.empty;
    self._accumulateRows = true;
  }
}

/** Runs a ShapedQuery on the pool (which releases its connection) or on a transaction's client. */
export function runShaped(q: pg.Pool | pg.PoolClient, query: ShapedQuery): Promise<pg.QueryResult> {
  if (q instanceof pg.Pool) return q.query(query as unknown as pg.QueryConfig);
  return new Promise((resolve, reject) => {
    (query as unknown as QueryInternals).callback = (err, res) => (err ? reject(err) : resolve(res));
    q.query(query);
  });
}

type Run = <R>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => Promise<QueryResult<R>>;

async function createSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } finally {
    await admin.end();
  }
}

function createPool(opts: PostgresOptions, schema: string | null): pg.Pool {
  const searchPath = schema ? ` -c search_path=${schema}` : '';
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types: typeOverrides,
    options: `-c TimeZone=UTC${searchPath}`,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Db.transaction: fn on one pooled connection between BEGIN and COMMIT (ROLLBACK if it throws). */
async function inTransaction<T>(pool: pg.Pool, run: Run, guard: TransactionGuard, db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  guard.check();
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const tx: Queryable = {
      query: (sql, params) => run(client, sql, params),
      exec: async (sql) => void (await client.query(sql)),
    };
    beginTransaction(tx, db);
    const result = await guard.run(() => fn(tx));
    await client.query('COMMIT');
    committed(tx);
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
}

interface Listener {
  close(): Promise<void>;
}

/**
 * One connection LISTENing on the cache channel. While it is down the scope is unusable (every
 * read goes to the database); it reconnects every second, and empties the caches when back,
 * since notifications sent meanwhile are lost.
 */
async function listen(url: string, scope: CacheScope): Promise<Listener> {
  let closed = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const again = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 1000);
    retry.unref();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'finos-cache-listener' });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (current === c) current = null;
      scope.reset(false);
      again();
    };
    c.on('error', onLost);
    c.on('end', onLost);
    c.on('notification', (m) => {
      if (m.channel === CACHE_CHANNEL && m.payload) scope.invalidate(m.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CACHE_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      current = c;
      scope.reset(true);
    } catch {
      onLost();
      c.end().catch(() => {});
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      scope.reset(false);
      await current?.end().catch(() => {});
    },
  };
}
