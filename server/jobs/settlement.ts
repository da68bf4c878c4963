// Settles due deposits and withdrawals for tenants whose clock runs (never advanced in the
// sandbox, and every production tenant). Frozen sandbox clocks settle only through
// POST /v1/sandbox/clock/advance. Each item is claimed with FOR UPDATE SKIP LOCKED on its
// account row (the lock every money move takes first), so several instances can share one database.
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import type { TenantClock } from '../domain/clock.ts';
import { systemClock } from '../clock.ts';
import { settleTransfer, type TransferKind } from '../services/transfers.ts';

export interface SettlementJobDeps {
  db: Db;
  log: Logger;
  realClock?: TenantClock;
}

export interface SettlementJobOptions {
  intervalMs?: number;
  /** Items settled per tick at most (the rest wait for the next tick). */
  batch?: number;
}

export interface SettlementJob {
  /** Settles what is due now; returns how many settled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const TABLES: Record<TransferKind, string> = { deposit: 'deposits', withdrawal: 'withdrawals' };

/** Claims and settles one due item of `kind`; false when none is due or every due one is taken. */
async function settleOne(db: Db, kind: TransferKind, realNow: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ tenant_id: string; id: string; tenant_now: Date }>(
      `SELECT t.tenant_id, t.id, $1::timestamptz + make_interval(secs => tn.clock_offset_ms / 1000.0) AS tenant_now
         FROM ${TABLES[kind]} t
         JOIN tenants tn ON tn.id = t.tenant_id
         JOIN accounts a ON a.tenant_id = t.tenant_id AND a.id = t.account_id
        WHERE t.status = 'pending' AND tn.clock_frozen_at IS NULL
          AND t.settle_at <= $1::timestamptz + make_interval(secs => tn.clock_offset_ms / 1000.0)
        ORDER BY t.settle_at
        LIMIT 1
        FOR UPDATE OF a SKIP LOCKED`,
      [realNow],
    );
    const due = rows[0];
    if (!due) return false;
    return settleTransfer(tx, kind, due.tenant_id, due.id, due.tenant_now);
  });
}

export function startSettlementJob(deps: SettlementJobDeps, opts: SettlementJobOptions = {}): SettlementJob {
  const intervalMs = opts.intervalMs ?? 5_000;
  const batch = opts.batch ?? 500;
  const real = deps.realClock ?? systemClock;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function drain(): Promise<number> {
    let settled = 0;
    for (const kind of ['deposit', 'withdrawal'] as const) {
      while (settled < batch && (await settleOne(deps.db, kind, real.now()))) settled++;
    }
    return settled;
  }

  const runOnce = () => (running ??= drain().finally(() => { running = null; }));

  const timer = setInterval(() => {
    if (stopped) return;
    runOnce().then(
      (n) => { if (n > 0) deps.log.info({ settled: n }, 'settled due transfers'); },
      (err: unknown) => deps.log.error({ err }, 'settlement job tick failed'),
    );
  }, intervalMs);
  timer.unref?.();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
