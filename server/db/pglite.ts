// The embedded engine: PGlite (Postgres compiled to WASM) in FINOS_DATA_DIR, or in memory.
// PGlite is a single connection; its own mutex serializes queries and transactions.
import { mkdirSync } from 'node:fs';
import { parse as pgliteParse, PGlite, protocol, type Results } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './db.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { TransactionGuard } from './guard.ts';
import { attachScope, beginTransaction, CacheScope, committed } from './invalidation.ts';
import { isPureRead, SnapshotReads } from './snapshot-reads.ts';
import { runStatement, StatementNames } from './statements.ts';
import { parsers } from './types.ts';

export interface PgliteOptions {
  /** Start from a dumpDataDir() tarball instead of running initdb (tests: seconds saved per database). */
  loadDataDir?: Blob;
  /**
   * Called if this process loses its lock on the data directory (server/db/data-dir-lock.ts);
   * from then on every query fails. The server exits.
   */
  onLockLost?: (err: Error) => void;
  /**
   * Answer pure reads outside a transaction from memory until the next write (server/db/snapshot-reads.ts).
   * On by default; FINOS_PGLITE_READ_CACHE=0 turns it off.
   */
  snapshotReads?: boolean;
}

export interface PgliteDb extends Db {
  /** The whole data directory as an uncompressed tarball (a template for loadDataDir). */
  dumpDataDir(): Promise<Blob>;
  /** The snapshot-read store, unless it was turned off (tests and the bench read its counters). */
  snapshots?: SnapshotReads;
}

/** This process's hold on the data directory (none in memory), and why it was lost, if it was. */
interface DirClaim {
  lost: Error | null;
  release: (() => Promise<void>) | null;
}

export async function openPglite(dataDir: string, opts: PgliteOptions = {}): Promise<PgliteDb> {
  const claim = await claimDataDir(dataDir, opts);
  const guard = new TransactionGuard();
  const usable = () => {
    if (claim.lost) throw new Error(`lost the lock on ${dataDir}: refusing to write to it (${claim.lost.message})`);
    guard.check();
  };
  const pg = await startPglite(dataDir, opts, claim);
  const snapshots = opts.snapshotReads === false ? null : new SnapshotReads();
  return pgliteDb(pg, statementRunner(pg), usable, guard, claim, snapshots);
}

/** Locks the data directory before PGlite touches a file: a second process on one loses what it writes. */
async function claimDataDir(dataDir: string, opts: PgliteOptions): Promise<DirClaim> {
  const claim: DirClaim = { lost: null, release: null };
  if (dataDir !== 'memory://') {
    mkdirSync(dataDir, { recursive: true });
    claim.release = await lockDataDir(dataDir, (err) => {
      claim.lost = err;
      opts.onLockLost?.(err);
    });
  }
  return claim;
}

async function startPglite(dataDir: string, opts: PgliteOptions, claim: DirClaim): Promise<PGlite> {
  let pg: PGlite;
  try {
    pg = await PGlite.create({ ...(dataDir === 'memory://' ? {} : { dataDir }), parsers, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  } catch (err) {
    await claim.release?.();
    throw err;
  }
  // Prepared statements are planned afresh on every run. PGlite has no autovacuum, so nothing
  // would ever invalidate a cached generic plan: the user read kept one chosen while the table was
  // tiny, scanning all of a tenant's users through the phone index, and fell from 1,670 to 1,140
  // req/s after about 1,900 inserts (test/core/plans.test.ts). Re-planning keeps what preparing
  // saves here: parsing, and five protocol exchanges.
  await pg.exec("SET TIME ZONE 'UTC'; SET plan_cache_mode = force_custom_plan");
  return pg;
}

/** `inTransaction`: q is the open transaction (it holds PGlite's transaction lock). */
type Run = <R>(q: Pick<PGlite, 'query'>, sql: string, params: readonly unknown[] | undefined, inTransaction: boolean) => Promise<QueryResult<R>>;

/** Runs a statement, named (prepared once) or plain as runStatement decides. */
function statementRunner(pg: PGlite): Run {
  const names = new StatementNames();
  const prepared = new PreparedStatements(pg);
  return async <R>(q: Pick<PGlite, 'query'>, sql: string, params: readonly unknown[] | undefined, inTransaction: boolean): Promise<QueryResult<R>> => {
    // A named run takes the locks PGlite's own query() takes: the transaction's (unless inside one) and the query's.
    const named = (name: string) => {
      const exchange = () => pg._runExclusiveQuery(() => prepared.run(name, sql, params!, inTransaction));
      return inTransaction ? exchange() : pg._runExclusiveTransaction(exchange);
    };
    const r = await runStatement<Results>(names, sql, params, inTransaction, named, () => q.query(sql, params as unknown[] | undefined));
    return { rows: r.rows as R[], rowCount: r.affectedRows ?? r.rows.length };
  };
}

function pgliteDb(pg: PGlite, run: Run, usable: () => void, guard: TransactionGuard, claim: DirClaim, snapshots: SnapshotReads | null): PgliteDb {
  // One process owns the data directory, so local invalidation sees every write: caches on from the start.
  const scope = new CacheScope();
  /** Runs a statement that may write; whatever was read before it may be stale once it ends. */
  const writing = async <T>(statement: () => Promise<T>): Promise<T> => {
    try {
      return await statement();
    } finally {
      snapshots?.changed();
    }
  };
  const db: PgliteDb = {
    kind: 'pglite' as const,
    query<R>(sql: string, params?: readonly unknown[]) {
      usable();
      if (snapshots && isPureRead(sql)) return snapshots.read<R>(sql, params, () => run<R>(pg, sql, params, false));
      return writing(() => run<R>(pg, sql, params, false));
    },
    async exec(sql: string) {
      usable();
      await writing(() => pg.exec(sql));
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      usable();
      let opened: Queryable | undefined;
      const result = await writing(() => pg.transaction((t) => {
        const tx: Queryable = {
          query: (sql, params) => run(t, sql, params, true),
          exec: async (sql) => void (await t.exec(sql)),
        };
        opened = tx;
        beginTransaction(tx, db);
        return guard.run(() => fn(tx));
      }));
      if (opened) committed(opened);
      return result;
    },
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        const r = claim.release;
        claim.release = null;
        if (r && !claim.lost) await r();
      }
    },
    async dumpDataDir() {
      return pg.dumpDataDir('none');
    },
  };
  if (snapshots) db.snapshots = snapshots;
  attachScope(db, scope);
  return db;
}

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Named statements on the one PGlite backend (runStatement decides which texts get a name).
 * A statement is parsed and described once; afterwards each run is one protocol exchange (bind,
 * describe, execute, sync) where PGlite's query() makes six and parses and plans every time.
 * Parameters are serialized and results parsed as query() does: PGlite's serializers for the
 * parameter types the backend described, and the instance's parsers (server/db/types.ts).
 * Callers hold PGlite's query lock.
 */
class PreparedStatements {
  /** Parameter type OIDs of the statements the backend holds, by name. */
  private readonly described = new Map<string, number[]>();
  constructor(private readonly pg: PGlite) {}

  async run(name: string, sql: string, params: readonly unknown[], inTransaction: boolean): Promise<Results> {
    try {
      let types = this.described.get(name);
      if (types === undefined) {
        const { messages } = await this.pg.execProtocol(
          concat([serialize.parse({ name, text: sql, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync()]),
          { syncToFs: false },
        );
        const description = messages.find((m) => m instanceof protocol.messages.ParameterDescriptionMessage);
        types = description instanceof protocol.messages.ParameterDescriptionMessage ? description.dataTypeIDs : [];
        this.described.set(name, types);
      }
      const oids = types;
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const serializer = this.pg.serializers[oids[i]!];
        return serializer ? serializer(v) : String(v);
      });
      const { messages } = await this.pg.execProtocol(
        concat([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
        { syncToFs: !inTransaction },
      );
      return pgliteParse.parseResults(messages, this.pg.parsers)[0]!;
    } catch (err) {
      // As query() reports it: the statement and its parameters on the error.
      if (err instanceof protocol.messages.DatabaseError) Object.assign(err, { query: sql, params });
      throw err;
    }
  }
}
