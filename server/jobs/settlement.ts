// Runs due work for tenants whose clock runs in real time (every production tenant, and sandbox
// tenants that never advanced their clock): every scheduler source of the wiring (server/wiring.ts)
// but the minute fills, each item at the tenant's current time; then works every open order once
// against the live quote. Frozen sandbox clocks are left to POST /v1/sandbox/clock/advance.
//
// Every server instance runs this job. A tenant is processed under its tenants row lock taken
// FOR NO KEY UPDATE SKIP LOCKED — the lock a sandbox advance takes — so two instances (or an
// instance and an advance) never work one tenant at once, and nothing is done twice.
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { tenantNow, type TenantClock } from '../domain/clock.ts';
import { systemClock } from '../clock.ts';
import { runDue, type Processed } from '../services/scheduler.ts';
import type { Wiring } from '../wiring-types.ts';
import { ORDER_FILLS_SOURCE, workOpenOrdersNow } from './order-engine.ts';

export interface SettlementJobDeps {
  db: Db;
  log: Logger;
  realClock?: TenantClock;
  /** The scheduler sources to run and the listeners the live engine's fills reach. */
  wiring: Pick<Wiring, 'sources' | 'listeners'>;
}

export interface SettlementJobOptions {
  intervalMs?: number;
}

export interface SettlementJob {
  /** Runs what is due now for every real-time tenant; returns how many items ran (settlements, fills, …). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

interface TenantClockRow {
  clock_offset_ms: number;
  clock_frozen_at: Date | null;
}

/** One tenant's due work in one transaction; null when another instance (or an advance) holds it. */
async function runTenant(db: Db, wiring: SettlementJobDeps['wiring'], tenantId: string, real: TenantClock): Promise<number | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<TenantClockRow>(
      'SELECT clock_offset_ms, clock_frozen_at FROM tenants WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED', [tenantId]);
    const row = rows[0];
    if (!row || row.clock_frozen_at !== null) return null;
    // The real time is read after the clock settings are locked, so a clock change committed just
    // before the lock was granted is never paired with an earlier real time.
    const now = tenantNow(real.now().getTime(), row);
    // Items due in the past run now: in real time things happen when they are processed.
    const processed: Processed = await runDue(tx, wiring.sources, tenantId, now, async () => now, { skip: [ORDER_FILLS_SOURCE] });
    const fills = await workOpenOrdersNow(tx, wiring.listeners, tenantId, now);
    return Object.values(processed).reduce((a, b) => a + b, 0) + fills;
  });
}

export function startSettlementJob(deps: SettlementJobDeps, opts: SettlementJobOptions = {}): SettlementJob {
  const intervalMs = opts.intervalMs ?? 5_000;
  const real = deps.realClock ?? systemClock;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function drain(): Promise<number> {
    const { rows } = await deps.db.query<{ id: string }>('SELECT id FROM tenants WHERE clock_frozen_at IS NULL ORDER BY id');
    let done = 0;
    for (const { id } of rows) {
      if (stopped) break;
      try {
        done += (await runTenant(deps.db, deps.wiring, id, real)) ?? 0;
      } catch (err) {
        // One tenant's failure (rolled back) must not stop the others; it is retried next tick.
        deps.log.error({ err, tenant_id: id }, 'due work failed for tenant');
      }
    }
    return done;
  }

  let queued: Promise<number> | null = null;
  /**
   * Runs a drain that starts after this call. A drain already under way may have passed a
   * tenant before what is due now existed, so callers meanwhile share one more drain after it.
   */
  const runOnce = (): Promise<number> => {
    if (!running) return (running = drain().finally(() => { running = null; }));
    const again = () => {
      queued = null;
      return runOnce();
    };
    return (queued ??= running.then(again, again));
  };

  const timer = setInterval(() => {
    if (stopped) return;
    runOnce().then(
      (n) => { if (n > 0) deps.log.info({ processed: n }, 'ran due work for real-time tenants'); },
      (err: unknown) => deps.log.error({ err }, 'due-work job tick failed'),
    );
  }, intervalMs);
  timer.unref?.();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await queued?.catch(() => 0);
      await running?.catch(() => 0);
    },
  };
}
