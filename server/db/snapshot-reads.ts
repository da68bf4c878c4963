// Reads served from memory on the embedded engine. PGlite runs in this process and its data
// directory is locked to it, so every change to the data passes through this process's Db: a
// query's rows stay true until the next statement that may write. A read-only statement outside a
// transaction is answered from here while no such statement has run since it was read; any other
// statement (a write, a transaction, DDL) starts a new generation, which empties the store.
//
// What counts as read-only is decided from the text, conservatively: a statement that starts with
// SELECT and names nothing that writes, locks, or reads the time, a sequence or randomness. Rows of
// cached results are frozen copies; each caller gets rows of its own, so changing one changes
// nothing for the next caller. Results that are large or carry binary data are not kept.
import type { QueryResult } from './db.ts';

export interface SnapshotReadOptions {
  /** Results kept at most; the oldest goes first. */
  maxEntries?: number;
  /** Results with more rows than this are not kept. */
  maxRows?: number;
}

const READ_ONLY_START = /^\s*select\b/i;
/** Anything that would make a SELECT's answer depend on more than the data, or change it. */
const NOT_PURE =
  /\b(for\s+(update|share|no\s+key\s+update|key\s+share)|pg_notify|pg_advisory\w*|pg_try_advisory\w*|nextval|setval|currval|lastval|now|random|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|current_date|current_time|current_timestamp|localtime|localtimestamp|txid_\w+|pg_current_\w+|set_config|current_setting|pg_sleep\w*|gen_random_uuid|uuid_generate_\w+|dblink\w*|lo_\w+)\b/i;

/** Whether a statement's rows depend on the data alone and it changes nothing. */
export function isPureRead(sql: string): boolean {
  return READ_ONLY_START.test(sql) && !NOT_PURE.test(sql) && !sql.includes(';');
}

interface Entry {
  rows: readonly Readonly<Record<string, unknown>>[];
  rowCount: number;
}

export class SnapshotReads {
  /** Bumped by every statement that may have changed the data. */
  private generation = 0;
  private entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxRows: number;
  /** Reads answered from memory and reads that went to the engine (tests, the bench). */
  hits = 0;
  misses = 0;

  constructor(opts: SnapshotReadOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 5000;
    this.maxRows = opts.maxRows ?? 200;
  }

  /**
   * Everything read so far may be stale: called after any statement that is not a pure read ends,
   * whether it succeeded or not (a failed write may have changed nothing, but it is not assumed).
   */
  changed(): void {
    this.generation++;
    if (this.entries.size > 0) this.entries = new Map();
  }

  /** `run()`'s result for a pure read, from memory when no write has happened since it was kept. */
  async read<R>(sql: string, params: readonly unknown[] | undefined, run: () => Promise<QueryResult<R>>): Promise<QueryResult<R>> {
    const key = keyOf(sql, params);
    if (key === null) return run();
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      return copy<R>(hit);
    }
    this.misses++;
    const generation = this.generation;
    const result = await run();
    // A write that ended while this read was in flight may have come before or after it: keep
    // only what was read with no write in between.
    if (generation === this.generation && result.rows.length <= this.maxRows) {
      const entry = freezeResult(result);
      if (entry) {
        if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, entry);
        return copy<R>(entry);
      }
    }
    return result;
  }
}

/** The statement and its parameters as one key, or null when a parameter is not a plain value. */
function keyOf(sql: string, params: readonly unknown[] | undefined): string | null {
  if (!params || params.length === 0) return sql;
  const parts: string[] = [sql];
  for (const p of params) {
    if (p === null || p === undefined) parts.push('n');
    else if (typeof p === 'string') parts.push(`s${p}`);
    else if (typeof p === 'number' || typeof p === 'bigint') parts.push(`d${String(p)}`);
    else if (typeof p === 'boolean') parts.push(p ? 't' : 'f');
    else if (p instanceof Date) parts.push(`t${p.getTime()}`);
    else return null;
  }
  // NUL cannot occur in SQL text or in a Postgres text value, so the joined key is unambiguous.
  return parts.join('\u0000');
}

/** The result with every row and nested JSON value frozen, or null if it holds binary data. */
function freezeResult<R>(result: QueryResult<R>): Entry | null {
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const k in row) if (!freezeValue(row[k])) return null;
    Object.freeze(row);
  }
  return { rows: result.rows as Record<string, unknown>[], rowCount: result.rowCount };
}

function freezeValue(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return false;
  // A Date is left as it is: nothing here changes one in place, and freezing would not stop setTime.
  if (v instanceof Date) return true;
  for (const k in v as Record<string, unknown>) if (!freezeValue((v as Record<string, unknown>)[k])) return false;
  Object.freeze(v);
  return true;
}

/** Rows the caller may change: each a shallow copy (nested JSON stays frozen and shared). */
function copy<R>(e: Entry): QueryResult<R> {
  const rows = new Array(e.rows.length);
  for (let i = 0; i < e.rows.length; i++) rows[i] = { ...e.rows[i] };
  return { rows: rows as R[], rowCount: e.rowCount };
}
