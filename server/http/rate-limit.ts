// Per-key request allowance over a rolling hour. A sliding-window counter over two fixed
// windows: estimate = previous window's count x the share of it still inside the last hour
// + the current window's count. Counters live in PostgreSQL (rate-limiter-flexible's store,
// shared by every instance) or in memory on PGlite (one process owns the database anyway).
// Requests without a key (public routes, refused keys) are counted per client IP.
import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../db/db.ts';
import type { TenantClock } from '../domain/clock.ts';
import { systemClock } from '../clock.ts';
import { ApiError } from './errors.ts';
import { principalOf } from './auth.ts';

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

export function createRateLimit(opts: RateLimiterOptions): RequestHandler {
  const clock = opts.clock ?? systemClock;
  const windowMs = opts.windowMs ?? WINDOW_MS;
  const store: RateLimiterAbstract =
    opts.db.kind === 'postgres'
      ? new RateLimiterPostgres({
          storeClient: { query: (q: { text: string; values?: unknown[] }) => opts.db.query(q.text, q.values) },
          storeType: 'pool',
          tableName: 'rate_limits',
          tableCreated: true,
          clearExpiredByTimeout: false,
          keyPrefix: 'finos',
          points: MAX_POINTS,
          duration: 0,
        })
      : new RateLimiterMemory({ keyPrefix: 'finos', points: MAX_POINTS, duration: 0 });
  let lastSweep = 0;

  return async (req, res, next) => {
    const bucket = bucketOf(req);
    const nowMs = clock.now().getTime();
    const w = Math.floor(nowMs / windowMs);
    const elapsedMs = nowMs - w * windowMs;
    // Each window's counter lives until the end of the next, where it is the "previous".
    const ttlSec = Math.ceil((2 * windowMs - elapsedMs) / 1000);
    const [cur, prev] = await Promise.all([
      store.consume(`${bucket}:${w}`, 1, { customDuration: ttlSec }),
      store.get(`${bucket}:${w - 1}`),
    ]);
    const d = decide({ limit: opts.limitPerHour, previous: prev?.consumedPoints ?? 0, current: cur.consumedPoints, elapsedMs, windowMs });
    res.set('X-RateLimit-Limit', String(opts.limitPerHour));
    res.set('X-RateLimit-Remaining', String(d.remaining));
    res.set('X-RateLimit-Reset', String(Math.ceil((nowMs + d.resetMs) / 1000)));
    if (opts.db.kind === 'postgres' && nowMs - lastSweep > windowMs / 4) {
      lastSweep = nowMs;
      opts.db.query('DELETE FROM rate_limits WHERE expire < $1', [nowMs]).catch(() => {});
    }
    if (!d.allowed) {
      // Refused requests do not count against the allowance.
      await store.reward(`${bucket}:${w}`, 1);
      res.set('Retry-After', String(Math.max(1, Math.ceil(d.retryAfterMs / 1000))));
      throw new ApiError(429, 'rate_limit_exceeded', `Too many requests: this key allows ${opts.limitPerHour} per rolling hour`);
    }
    next();
  };
}

function bucketOf(req: Request): string {
  const p = principalOf(req);
  if (p?.kind === 'key') return `key:${p.keyId}`;
  return `ip:${req.ip ?? 'unknown'}`;
}
