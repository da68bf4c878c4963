// The in-process worker loop: polls for due webhook deliveries, runs them with bounded
// concurrency (and a per-webhook cap, so one slow receiver cannot take every slot), and prunes
// old events now and then. runOnce() drains whatever is due now; tests and the sandbox clock use it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { onDeliveriesQueued } from '../db/invalidation.ts';
import { pruneEvents } from '../services/events.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimDue, dueForTenant, outcome, recordAll, send, type Claimed, type DeliveryDeps, type Outcome } from './webhooks.ts';
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

/** Runs `fn` outside whatever async context the caller is in (AsyncLocalStorage.snapshot()). */
type Outside = ReturnType<typeof AsyncLocalStorage.snapshot>;

/**
 * Finished attempts waiting to be written, in batches. Their rows stay leased until then, so
 * nobody (this process included) can claim them again in between.
 */
class OutcomeRecorder {
  private unrecorded: Outcome[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly recordBatch: number,
    private readonly outside: Outside,
  ) {}

  /** Queues an outcome: written at once when the batch is full, else within a few ms. */
  add(o: Outcome): void {
    this.unrecorded.push(o);
    if (this.unrecorded.length >= this.recordBatch) void this.flush();
    else this.flushTimer ??= this.outside(() => setTimeout(() => void this.flush(), 5));
  }

  private flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.unrecorded;
    this.unrecorded = [];
    const p = recordAll(this.deps, batch).finally(() => this.flushing.delete(p));
    this.flushing.add(p);
    return p;
  }

  /** Writes whatever is queued and waits for every write under way. */
  async flushAll(): Promise<void> {
    if (this.unrecorded.length) void this.flush();
    await Promise.all(this.flushing);
  }
}

/**
 * The delivery slots: claims due deliveries into the free ones (at most `perWebhook` per
 * webhook), sends each and hands its outcome to the recorder.
 */
class DeliverySlots {
  readonly inFlight = new Map<Promise<void>, string>();
  private readonly perHook = new Map<string, number>();
  private filling: Promise<number> | null = null;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly concurrency: number,
    private readonly perWebhook: number,
    /** How many slots must be free before a finished attempt asks for a refill. */
    readonly refillAt: number,
    private readonly recorder: OutcomeRecorder,
    private readonly wantRefill: () => void,
  ) {}

  get free(): number {
    return this.concurrency - this.inFlight.size;
  }

  private busyWebhooks(): string[] {
    return [...this.perHook].filter(([, n]) => n >= this.perWebhook).map(([id]) => id);
  }

  /** Claims into the free slots and starts each attempt; returns how many it started. */
  private async fill(): Promise<number> {
    let started = 0;
    for (;;) {
      const free = this.free;
      if (free <= 0) return started;
      const claimed = await claimDue(this.deps.db, free, this.busyWebhooks(), this.perWebhook);
      for (const c of claimed) this.deliver(c);
      started += claimed.length;
      if (claimed.length === 0) return started;
    }
  }

  private deliver(c: Claimed): void {
    this.perHook.set(c.webhook_id, (this.perHook.get(c.webhook_id) ?? 0) + 1);
    const p: Promise<void> = send(this.deps, c).then((result) => {
      this.inFlight.delete(p);
      this.recorder.add(outcome(c, result));
      const n = (this.perHook.get(c.webhook_id) ?? 1) - 1;
      if (n > 0) this.perHook.set(c.webhook_id, n);
      else this.perHook.delete(c.webhook_id);
      // Enough finished slots pull the next due deliveries without waiting for the poll;
      // refilling one slot at a time would cost a claim per delivery.
      if (this.free >= this.refillAt) this.wantRefill();
    });
    this.inFlight.set(p, c.webhook_id);
  }

  /** One fill at a time per process; concurrent callers share it. */
  fillOnce(): Promise<number> {
    this.filling ??= this.fill().finally(() => {
      this.filling = null;
    });
    return this.filling;
  }

  /** Waits for the fill and every attempt under way. */
  async settle(): Promise<void> {
    await this.filling?.catch(() => {});
    await Promise.allSettled(this.inFlight.keys());
  }
}

/** The background loop: a tick fills the slots and now and then prunes old events. */
class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  // Only start() runs the background loop; a worker used through runOnce() alone never polls.
  private stopped = true;
  private lastPrune = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly slots: () => DeliverySlots,
    private readonly pollMs: number,
    private readonly pruneMs: number,
    private readonly outside: Outside,
  ) {}

  start(): void {
    this.stopped = false;
    // Woken when a transaction that queued deliveries on this Db commits.
    this.unsubscribe = onDeliveriesQueued(this.deps.db, () => this.schedule(0));
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Arms the next tick in `ms`, unless one is already due sooner. */
  schedule(ms: number): void {
    if (this.stopped) return;
    const at = systemClock.now().getTime() + ms;
    if (this.timer !== null) {
      if (this.timerAt <= at) return;
      clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = this.outside(() => setTimeout(() => void this.tick(), ms));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    try {
      await this.slots().fillOnce();
      if (systemClock.now().getTime() - this.lastPrune > this.pruneMs) {
        this.lastPrune = systemClock.now().getTime();
        const n = await pruneEvents(this.deps.db);
        if (n > 0) this.deps.log.info({ pruned: n }, 'pruned old events');
      }
    } catch (err) {
      this.deps.log.error({ err }, 'webhook worker tick failed');
    }
    if (!this.stopped && this.timer === null) this.schedule(this.pollMs);
  }
}

export function createWorker(deps: DeliveryDeps, opts: WorkerOptions = {}): Worker & { start(): void } {
  const concurrency = opts.concurrency ?? 32;
  // Wake-ups come from inside the emitting transaction; timers armed there would inherit its
  // async context, and the Db guard would take every later worker query for a nested one.
  const outside = AsyncLocalStorage.snapshot();
  const recorder = new OutcomeRecorder(deps, opts.recordBatch ?? 64, outside);
  const refillAt = Math.max(1, Math.floor(concurrency / 4));
  const slots = new DeliverySlots(deps, concurrency, opts.perWebhookConcurrency ?? 8, refillAt, recorder, () => loop.schedule(0));
  const loop = new PollLoop(deps, () => slots, opts.pollIntervalMs ?? 200, opts.pruneIntervalMs ?? 60 * 60 * 1000, outside);

  async function runOnce(): Promise<void> {
    for (;;) {
      await slots.fillOnce();
      if (slots.inFlight.size === 0) return recorder.flushAll();
      do await Promise.race(slots.inFlight.keys());
      while (slots.inFlight.size > 0 && slots.free < refillAt);
    }
  }

  return {
    start() {
      loop.start();
    },
    runOnce,
    drainTenant: (tenantId, boundMs = DRAIN_BOUND_MS) => drainTenant(deps, runOnce, tenantId, boundMs),
    async stop() {
      loop.stop();
      await slots.settle();
      await recorder.flushAll();
    },
  };
}

/** Worker.drainTenant: deliver what is due, then wait out the tenant's deliveries under way elsewhere. */
async function drainTenant(deps: DeliveryDeps, runOnce: () => Promise<void>, tenantId: string, boundMs: number): Promise<boolean> {
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
}
