// The one place that runs a tenant's due work in time order. Each source (today: deposit and
// withdrawal settlements) names its next due item; the scheduler merges them, runs the earliest
// with the tenant's clock set to that item's time, and repeats until nothing is due by `until`.
// Order fills, day-order expiry, dividends, rebalancing, harvesting and statements plug in as sources.
import type { Queryable } from '../db/db.ts';
import { settleTransfer, type TransferKind } from './transfers.ts';

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

/** Sources run in this order when items fall due at the same instant. */
const sources: ScheduleSource[] = [];
export function addScheduleSource(s: ScheduleSource): void {
  if (sources.some((x) => x.name === s.name)) return;
  sources.push(s);
}

/** An upper bound on items per call, so a runaway source cannot spin forever. */
export const MAX_ITEMS_PER_RUN = 100_000;

/**
 * Runs everything due for the tenant up to `until`, earliest first. `setClock(at)` is called
 * before each item and answers the time to run it at (the sandbox moves the frozen clock there,
 * never backwards, so events carry that time).
 */
export async function runDue(
  tx: Queryable,
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

/** A pending transfer table as a source: due at settle_at. */
function transferSource(kind: TransferKind, table: string): ScheduleSource {
  return {
    name: `${kind}_settlements`,
    counts: 'settlements',
    async nextDue(tx, tenantId, until, after) {
      const { rows } = await tx.query<{ id: string; settle_at: Date }>(
        `SELECT id, settle_at FROM ${table}
          WHERE tenant_id = $1 AND status = 'pending' AND settle_at <= $2
            AND ($3::timestamptz IS NULL OR (settle_at, id) > ($3::timestamptz, $4::uuid))
          ORDER BY settle_at, id LIMIT 1`,
        [tenantId, until, after?.at ?? null, after?.id ?? null],
      );
      return rows[0] ? { at: rows[0].settle_at, id: rows[0].id } : null;
    },
    run: (tx, tenantId, item, now) => settleTransfer(tx, kind, tenantId, item.id, now),
  };
}

// Deposits before withdrawals at the same instant: money arriving at the open is there first.
addScheduleSource(transferSource('deposit', 'deposits'));
addScheduleSource(transferSource('withdrawal', 'withdrawals'));
