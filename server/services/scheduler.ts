// The one place that runs a tenant's due work in time order. Each schedule source names its next
// due item; runDue merges the sources it is given, runs the earliest with the tenant's clock set
// to that item's time, and repeats until nothing is due by `until`. Which sources exist, and
// their order, is the composition root's list (server/wiring.ts); this module registers nothing.
import type { Queryable } from '../db/db.ts';

export type ProcessedKind = 'settlements' | 'fills' | 'expirations' | 'dividends' | 'rebalances' | 'harvests' | 'statements';
export type Processed = Record<ProcessedKind, number>;
export const emptyProcessed = (): Processed => ({
  settlements: 0, fills: 0, expirations: 0, dividends: 0, rebalances: 0, harvests: 0, statements: 0,
});

export interface DueItem {
  at: Date;
  /** Unique within its source; with `at`, the source's cursor (ids are UUID v7: later-made sort later). */
  id: string;
}

export interface ScheduleSource {
  name: string;
  /** What a run counts as in the advance's `processed`. */
  counts: ProcessedKind;
  /** The source's earliest item due at or before `until` and strictly after `after` (at, then id). */
  nextDue(tx: Queryable, tenantId: string, until: Date, after: DueItem | null): Promise<DueItem | null>;
  /**
   * Runs the item at `now` (item.at, or the clock when that is later). Answers how many things it
   * produced for `processed` (true counts as one, false as none): one item may make several, such
   * as a month's statements, one per account.
   */
  run(tx: Queryable, tenantId: string, item: DueItem, now: Date): Promise<boolean | number>;
}

/** An upper bound on items per call, so a runaway source cannot spin forever. */
export const MAX_ITEMS_PER_RUN = 100_000;

/**
 * Runs everything due for the tenant up to `until`, earliest first; items due at the same instant
 * run in the order of `sources`. `setClock(at)` is called before each item and answers the time to
 * run it at (the sandbox moves the frozen clock there, never backwards, so events carry that time).
 */
export async function runDue(
  tx: Queryable,
  sources: readonly ScheduleSource[],
  tenantId: string,
  until: Date,
  setClock: (at: Date) => Promise<Date>,
  opts: { skip?: readonly string[] } = {},
): Promise<Processed> {
  const processed = emptyProcessed();
  const cursors = new Map<string, DueItem>();
  const active = opts.skip ? sources.filter((s) => !opts.skip!.includes(s.name)) : sources;
  for (let n = 0; n < MAX_ITEMS_PER_RUN; n++) {
    let best: { source: ScheduleSource; item: DueItem } | null = null;
    for (const source of active) {
      const item = await source.nextDue(tx, tenantId, until, cursors.get(source.name) ?? null);
      if (item && (!best || item.at.getTime() < best.item.at.getTime())) best = { source, item };
    }
    if (!best) return processed;
    cursors.set(best.source.name, best.item);
    const now = await setClock(best.item.at);
    const made = await best.source.run(tx, tenantId, best.item, now);
    processed[best.source.counts] += typeof made === 'number' ? made : made ? 1 : 0;
  }
  throw new Error(`scheduler: more than ${MAX_ITEMS_PER_RUN} items due for tenant ${tenantId}`);
}

/** Where a table keeps its due rows, for nextDueRow. */
export interface DueRows {
  table: string;
  /** The due instant's column. */
  at: string;
  /** The row's UUID column (`id` unless said). */
  id?: string;
  /** What else makes a row due, over the table's columns (tenant and time are added). */
  where: string;
}

/**
 * The keyset read every table-backed source shares: the tenant's earliest row due by `until`
 * strictly after the cursor `after`, in (at, id) order.
 */
export async function nextDueRow(tx: Queryable, rows: DueRows, tenantId: string, until: Date, after: DueItem | null): Promise<DueItem | null> {
  const id = rows.id ?? 'id';
  const { rows: found } = await tx.query<{ id: string; at: Date }>(
    `SELECT ${id} AS id, ${rows.at} AS at FROM ${rows.table}
      WHERE tenant_id = $1 AND ${rows.where} AND ${rows.at} <= $2
        AND ($3::timestamptz IS NULL OR (${rows.at}, ${id}) > ($3::timestamptz, $4::uuid))
      ORDER BY ${rows.at}, ${id} LIMIT 1`,
    [tenantId, until, after?.at ?? null, after?.id ?? null],
  );
  return found[0] ? { at: found[0].at, id: found[0].id } : null;
}

/** A source whose items are rows of one table (see nextDueRow). */
export function tableSource(s: Omit<ScheduleSource, 'nextDue'> & { due: DueRows }): ScheduleSource {
  const { due, ...rest } = s;
  return { ...rest, nextDue: (tx, tenantId, until, after) => nextDueRow(tx, due, tenantId, until, after) };
}
