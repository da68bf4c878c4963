// The in-process worker loop: polls for due webhook deliveries, runs them with bounded
// concurrency (and a per-webhook cap, so one slow receiver cannot take every slot), and prunes
// old events now and then. runOnce() drains whatever is due now; tests and the sandbox clock use it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { onEventQueued, pruneEvents } from '../services/events.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimDue, dueForTenant, outcome, recordAll, send, type DeliveryDeps, type Outcome } from './webhooks.ts';
import { DELIVERY_TIMEOUT_MS } from '../domain/webhooks.ts';
import { systemClock } from '../clock.ts';

export interface WorkerOptions {
  pollIntervalMs?: number;
  concurrency?: number;
  perWebhookConcurrency?: number;
  pruneIntervalMs?: number;
  /** Outcomes written per statement; a partial batch is written within a few ms anyway. */
  recordBatch?: number;
}

export interface Worker {
  /** Delivers everything due now (in tenant time), and waits for those attempts to finish. Works stopped too. */
  runOnce(): Promise<void>;
  /**
   * Delivers everything due now, then waits until no delivery of the tenant that is due by its
   * clock is unfinished, whichever process attempts it; at most `boundMs`. False if it gave up.
   */
  drainTenant(tenantId: string, boundMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * How long drainTenant waits, at most, for attempts another instance has under way: one attempt
 * (DELIVERY_TIMEOUT_MS) plus time to record it. Each instance claims only what it can send at
 * once, so every leased row is in flight and ends within an attempt's timeout; only a worker
 * that died holding a lease (freed after LEASE_MS) outlasts the bound.
 */
export const DRAIN_BOUND_MS = DELIVERY_TIMEOUT_MS + 5_000;

export function createWorker(deps: DeliveryDeps, opts: WorkerOptions = {}): Worker & { start(): void } {
  const pollMs = opts.pollIntervalMs ?? 200;
  const concurrency = opts.concurrency ?? 32;
  const perWebhook = opts.perWebhookConcurrency ?? 8;
  const pruneMs = opts.pruneIntervalMs ?? 60 * 60 * 1000;
  const recordBatch = opts.recordBatch ?? 64;
  const refillAt = Math.max(1, Math.floor(concurrency / 4));
  // Wake-ups come from inside the emitting transaction; timers armed there would inherit its
  // async context, and the Db guard would take every later worker query for a nested one.
  const outside = AsyncLocalStorage.snapshot();
  const inFlight = new Map<Promise<void>, string>();
  const perHook = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let timerAt = 0;
  // Only start() runs the background loop; a worker used through runOnce() alone never polls.
  let stopped = true;
  let filling: Promise<number> | null = null;
  let lastPrune = 0;
  let unsubscribe: (() => void) | null = null;
  // Finished attempts waiting to be written. Their rows stay leased until then, so nobody
  // (this process included) can claim them again in between.
  let unrecorded: Outcome[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  const flushing = new Set<Promise<void>>();

  function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    const batch = unrecorded;
    unrecorded = [];
    const p = recordAll(deps, batch).finally(() => flushing.delete(p));
    flushing.add(p);
    return p;
  }

  async function flushAll(): Promise<void> {
    if (unrecorded.length) void flush();
    await Promise.all(flushing);
  }

  const busyWebhooks = () => [...perHook].filter(([, n]) => n >= perWebhook).map(([id]) => id);

  /** Claims into the free slots and starts each attempt; returns how many it started. */
  async function fill(): Promise<number> {
    let started = 0;
    for (;;) {
      const free = concurrency - inFlight.size;
      if (free <= 0) return started;
      const claimed = await claimDue(deps.db, free, busyWebhooks(), perWebhook);
      for (const c of claimed) {
        perHook.set(c.webhook_id, (perHook.get(c.webhook_id) ?? 0) + 1);
        const p: Promise<void> = send(deps, c).then((result) => {
          inFlight.delete(p);
          unrecorded.push(outcome(c, result));
          if (unrecorded.length >= recordBatch) void flush();
          else flushTimer ??= outside(() => setTimeout(() => void flush(), 5));
          const n = (perHook.get(c.webhook_id) ?? 1) - 1;
          if (n > 0) perHook.set(c.webhook_id, n);
          else perHook.delete(c.webhook_id);
          // Enough finished slots pull the next due deliveries without waiting for the poll;
          // refilling one slot at a time would cost a claim per delivery.
          if (concurrency - inFlight.size >= refillAt) schedule(0);
        });
        inFlight.set(p, c.webhook_id);
      }
      started += claimed.length;
      if (claimed.length === 0) return started;
    }
  }

  /** One fill at a time per process; concurrent callers share it. */
  function fillOnce(): Promise<number> {
    filling ??= fill().finally(() => { filling = null; });
    return filling;
  }

  async function tick(): Promise<void> {
    timer = null;
    try {
      await fillOnce();
      if (systemClock.now().getTime() - lastPrune > pruneMs) {
        lastPrune = systemClock.now().getTime();
        const n = await pruneEvents(deps.db);
        if (n > 0) deps.log.info({ pruned: n }, 'pruned old events');
      }
    } catch (err) {
      deps.log.error({ err }, 'webhook worker tick failed');
    }
    if (!stopped && timer === null) schedule(pollMs);
  }

  /** Arms the next tick in `ms`, unless one is already due sooner. */
  function schedule(ms: number): void {
    if (stopped) return;
    const at = systemClock.now().getTime() + ms;
    if (timer !== null) {
      if (timerAt <= at) return;
      clearTimeout(timer);
    }
    timerAt = at;
    timer = outside(() => setTimeout(() => void tick(), ms));
    timer.unref?.();
  }

  async function runOnce(): Promise<void> {
    for (;;) {
      await fillOnce();
      if (inFlight.size === 0) return flushAll();
      do await Promise.race(inFlight.keys());
      while (inFlight.size > 0 && concurrency - inFlight.size < refillAt);
    }
  }

  return {
    start() {
      stopped = false;
      // The emitting transaction has not committed yet when this fires; a short delay lets it.
      unsubscribe = onEventQueued(() => schedule(10));
      schedule(0);
    },
    runOnce,
    async drainTenant(tenantId, boundMs = DRAIN_BOUND_MS) {
      const deadline = systemClock.now().getTime() + boundMs;
      for (;;) {
        await runOnce();
        const due = await dueForTenant(deps.db, tenantId);
        if (due.unclaimed + due.elsewhere === 0) return true;
        if (systemClock.now().getTime() >= deadline) {
          deps.log.warn({ tenant_id: tenantId, ...due }, 'gave up waiting for webhook deliveries under way elsewhere');
          return false;
        }
        // Another instance is sending them: look again shortly (unclaimed ones are claimed at once).
        if (due.unclaimed === 0) await sleep(25);
      }
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      timer = null;
      await filling?.catch(() => {});
      await Promise.allSettled(inFlight.keys());
      await flushAll();
    },
  };
}
