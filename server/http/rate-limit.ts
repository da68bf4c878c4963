// Per-key request allowance over a rolling hour. A sliding-window counter over two fixed
// windows: estimate = previous window's count x the share of it still inside the last hour
// + the current window's count. Counters live in PostgreSQL (rate-limiter-flexible's store,
// shared by every instance) or in this process's memory on PGlite (one process owns the database
// anyway).
// Requests without a key (public routes, refused keys) are counted per client IP.
import type { Request, Response } from 'express';
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../db/db.ts';
import type { TenantClock } from '../domain/clock.ts';
import { systemClock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { Principal } from './auth.ts';
import { stageHeader } from './response-head.ts';

export const WINDOW_MS = 60 * 60 * 1000;
const MAX_POINTS = 2 ** 31 - 1;

export interface WindowState {
  limit: number;
  /** Requests counted in the previous fixed window. */
  previous: number;
  /** Requests counted in the current fixed window, including this one. */
  current: number;
  /** How far into the current window we are. */
  elapsedMs: number;
  windowMs: number;
}

export interface Decision {
  allowed: boolean;
  remaining: number;
  /** Ms until the previous window stops weighing (the end of the current window). */
  resetMs: number;
  /** When refused: ms until one more request would be allowed. */
  retryAfterMs: number;
}

/** Pure: the sliding-window decision for one request. */
export function decide(s: WindowState): Decision {
  const weight = 1 - s.elapsedMs / s.windowMs;
  const estimate = s.previous * weight + s.current;
  const allowed = estimate <= s.limit;
  const remaining = Math.max(0, Math.floor(s.limit - estimate));
  const resetMs = s.windowMs - s.elapsedMs;
  let retryAfterMs = 0;
  if (!allowed) {
    // Counting only allowed requests, `current - 1` were let through so far.
    const current = s.current - 1;
    const room = s.limit - 1;
    if (current <= room && s.previous > 0) {
      // Wait in this window until the previous one has faded enough.
      retryAfterMs = Math.max(0, s.windowMs * (1 - (room - current) / s.previous) - s.elapsedMs);
    } else {
      // Wait into the next window until this one (then "previous") has faded enough.
      retryAfterMs = resetMs + (current > 0 ? s.windowMs * Math.max(0, 1 - room / current) : 0);
    }
  }
  return { allowed, remaining, resetMs, retryAfterMs };
}

export interface RateLimiterOptions {
  db: Db;
  limitPerHour: number;
  clock?: TenantClock;
  windowMs?: number;
}

/**
 * Counts a request against its bucket (its key, else its client address), sets the X-RateLimit-*
 * headers and throws the 429 past the allowance. It answers at once when it can count here (on
 * PGlite always, on PostgreSQL far from the limit) and returns a promise only when it must ask
 * the shared count.
 */
export type RateLimit = (req: Request, res: Response, p: Principal) => void | Promise<void>;

export function createRateLimit(opts: RateLimiterOptions): RateLimit {
  const clock = opts.clock ?? systemClock;
  const windowMs = opts.windowMs ?? WINDOW_MS;
  const limit = opts.limitPerHour;
  const headers = new LimitHeaders(limit, windowMs);
  if (opts.db.kind !== 'postgres') {
    const counts = new MemoryCounts();
    return (req, res, p) => {
      const nowMs = clock.now().getTime();
      const w = Math.floor(nowMs / windowMs);
      const elapsedMs = nowMs - w * windowMs;
      const d = counts.count(bucketOf(req, p), w, elapsedMs, limit, windowMs);
      headers.send(res, w, d);
    };
  }
  const db = opts.db;
  const store = new RateLimiterPostgres({
    storeClient: { query: (q: { text: string; values?: unknown[] }) => db.query(q.text, q.values) },
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: 'finos',
    points: MAX_POINTS,
    duration: 0,
  });
  const shared = new LocalCounts(store, limit);
  let lastSweep = 0;
  const sweepIfDue = (nowMs: number): void => {
    if (nowMs - lastSweep <= windowMs / 4) return;
    lastSweep = nowMs;
    db.query('DELETE FROM rate_limits WHERE expire < $1', [nowMs]).catch(() => {});
  };
  return (req, res, p) => {
    const bucket = bucketOf(req, p);
    const nowMs = clock.now().getTime();
    const w = Math.floor(nowMs / windowMs);
    const elapsedMs = nowMs - w * windowMs;
    // Each window's counter lives until the end of the next, where it is the "previous".
    const ttlSec = Math.ceil((2 * windowMs - elapsedMs) / 1000);
    const key = `${bucket}:${w}`;
    const d = shared.tryLocally(key, limit, elapsedMs, windowMs, ttlSec);
    if (d) {
      sweepIfDue(nowMs);
      return headers.send(res, w, d);
    }
    return consumeShared(store, shared, { key, previousKey: `${bucket}:${w - 1}`, w, elapsedMs, ttlSec, limit, windowMs })
      .then((d) => {
        sweepIfDue(nowMs);
        headers.send(res, w, d);
      });
  };
}

interface SharedRead { key: string; previousKey: string; w: number; elapsedMs: number; ttlSec: number; limit: number; windowMs: number }

async function consumeShared(store: RateLimiterAbstract, shared: LocalCounts, r: SharedRead): Promise<Decision> {
  const unflushed = shared.take(r.key);
  const [cur, prev] = await Promise.all([
    store.consume(r.key, 1 + unflushed, { customDuration: r.ttlSec }),
    store.get(r.previousKey),
  ]);
  shared.learn(r.key, r.w, cur.consumedPoints, prev?.consumedPoints ?? 0);
  const d = decide({ limit: r.limit, previous: prev?.consumedPoints ?? 0, current: cur.consumedPoints, elapsedMs: r.elapsedMs, windowMs: r.windowMs });
  // Refused requests do not count against the allowance.
  if (!d.allowed) await store.reward(r.key, 1);
  return d;
}

/** The X-RateLimit-* headers; the limit's and the window's reset are formatted once. */
class LimitHeaders {
  private readonly limitText: string;
  private resetWindow = Number.NaN;
  private resetText = '';

  constructor(private readonly limit: number, private readonly windowMs: number) {
    this.limitText = String(limit);
  }

  /** Sets the headers and, when the request is refused, Retry-After and the 429. */
  send(res: Response, w: number, d: Decision): void {
    if (w !== this.resetWindow) {
      // The end of the current window, in seconds (now + resetMs).
      this.resetText = String(Math.ceil(((w + 1) * this.windowMs) / 1000));
      this.resetWindow = w;
    }
    stageHeader(res, 'X-RateLimit-Limit', this.limitText);
    stageHeader(res, 'X-RateLimit-Remaining', String(d.remaining));
    stageHeader(res, 'X-RateLimit-Reset', this.resetText);
    if (!d.allowed) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(d.retryAfterMs / 1000))));
      throw new ApiError('rate_limited', `Too many requests: this key allows ${this.limit} per rolling hour`);
    }
  }
}

/**
 * The counters of one process (PGlite: one process owns the database anyway): per bucket, each
 * window's count, kept until the end of the next window, where it is the "previous" (plus up to a
 * second, as the shared store keeps them). Expiry goes by the limiter's clock, as the windows do.
 */
export class MemoryCounts {
  private readonly buckets = new Map<string, Map<number, { count: number; expiresAt: number }>>();
  private nextSweep = 0;

  /** Counts one request in window `w` of `bucket` and decides it; a refused request is not counted. */
  count(bucket: string, w: number, elapsedMs: number, limit: number, windowMs: number): Decision {
    const now = w * windowMs + elapsedMs;
    if (now >= this.nextSweep) this.sweep(now);
    let windows = this.buckets.get(bucket);
    if (!windows) this.buckets.set(bucket, (windows = new Map()));
    let slot = windows.get(w);
    if (!slot || slot.expiresAt <= now) {
      const ttlSec = Math.ceil((2 * windowMs - elapsedMs) / 1000);
      windows.set(w, (slot = { count: 0, expiresAt: now + ttlSec * 1000 }));
    }
    slot.count++;
    const prev = windows.get(w - 1);
    const previous = prev && prev.expiresAt > now ? prev.count : 0;
    const d = decide({ limit, previous, current: slot.count, elapsedMs, windowMs });
    if (!d.allowed) slot.count--;
    return d;
  }

  /** Drops expired windows, at most once a minute. */
  private sweep(now: number): void {
    this.nextSweep = now + 60_000;
    for (const [bucket, windows] of this.buckets) {
      for (const [w, slot] of windows) if (slot.expiresAt <= now) windows.delete(w);
      if (windows.size === 0) this.buckets.delete(bucket);
    }
  }
}

/** How often an instance adds its local counts to the shared ones. */
export const FLUSH_MS = 100;

interface Counted {
  window: number;
  /** The shared count of this window as last read, this instance's flushed requests included. */
  shared: number;
  /** The previous window's shared count as last read. */
  previous: number;
  /** Requests this instance let through and has not yet added to the shared count. */
  pending: number;
}

/**
 * Far from the limit, a PostgreSQL instance need not ask the shared counter about every request.
 * While more than 1 % of the allowance is left (by the last shared count it read plus its own
 * requests since), an instance counts locally and adds its count to the shared one every
 * FLUSH_MS, or sooner once a quarter of that 1 % has piled up. Within 1 % of the limit every
 * request consumes from the shared count, as every request does when the limit is under 400.
 * So another instance's unflushed count (at most a quarter of 1 % of the limit) is the most the
 * shared count can be behind, and the margin absorbs it. A crash loses at most FLUSH_MS of counts.
 */
export class LocalCounts {
  private readonly counts = new Map<string, Counted>();
  private readonly margin: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: RateLimiterAbstract, limit: number) {
    this.margin = Math.floor(limit / 100);
    this.batch = Math.floor(this.margin / 4);
  }

  /** The decision without a round trip, or undefined when the shared count must be consulted. */
  tryLocally(key: string, limit: number, elapsedMs: number, windowMs: number, ttlSec: number): Decision | undefined {
    if (this.batch < 1) return undefined;
    const c = this.counts.get(key);
    if (!c || c.pending >= this.batch) return undefined;
    const d = decide({ limit, previous: c.previous, current: c.shared + c.pending + 1, elapsedMs, windowMs });
    if (!d.allowed || d.remaining <= this.margin) return undefined;
    c.pending++;
    this.schedule(ttlSec);
    return d;
  }

  /** Hands the unflushed count to a request that consumes from the shared count itself. */
  take(key: string): number {
    const c = this.counts.get(key);
    if (!c) return 0;
    const n = c.pending;
    c.pending = 0;
    return n;
  }

  learn(key: string, window: number, shared: number, previous: number): void {
    const c = this.counts.get(key);
    if (c) {
      c.shared = Math.max(c.shared, shared);
      c.previous = previous;
      return;
    }
    // A new window: forget windows before the previous one.
    for (const [k, old] of this.counts) if (old.window < window - 1 && old.pending === 0) this.counts.delete(k);
    this.counts.set(key, { window, shared, previous, pending: 0 });
  }

  private schedule(ttlSec: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush(ttlSec);
    }, FLUSH_MS);
    this.timer.unref();
  }

  private async flush(ttlSec: number): Promise<void> {
    await Promise.all([...this.counts].map(async ([key, c]) => {
      const n = c.pending;
      if (n === 0) return;
      c.pending = 0;
      try {
        const r = await this.store.consume(key, n, { customDuration: ttlSec });
        c.shared = Math.max(c.shared, r.consumedPoints);
      } catch {
        // Database unreachable: keep the count and try again.
        c.pending += n;
        this.schedule(ttlSec);
      }
    }));
  }
}

function bucketOf(req: Request, p: Principal): string {
  if (p.kind === 'key') return `key:${p.keyId}`;
  return `ip:${req.ip ?? 'unknown'}`;
}
