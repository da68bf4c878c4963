// Webhook rules with no I/O: event-pattern grammar and matching, the two signature schemes,
// password masking, and the retry schedule (exponential backoff plus jitter, 3-day horizon).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_NAME_MAX_LENGTH = 64;
export const WEBHOOK_PATTERNS_MAX = 50;
export const EVENT_PATTERN_MAX_LENGTH = 64;
export const DELIVERY_TIMEOUT_MS = 10_000;
export const RESPONSE_BODY_MAX_BYTES = 64 * 1024;
export const RETRY_HORIZON_MS = 3 * 24 * 60 * 60 * 1000;
export const USER_AGENT = 'Finos-Webhooks/1.0';

const STATUSES = {
  usertransition: ['pending', 'action_required', 'documentation_required', 'in_review', 'approved', 'rejected'],
  kyctransition: ['pending', 'action_required', 'documentation_required', 'in_review', 'approved', 'rejected'],
  accounttransition: ['pending', 'active', 'closed'],
  deposittransition: ['pending', 'complete', 'returned'],
  withdrawaltransition: ['pending', 'complete', 'returned', 'failed'],
  ordertransition: ['new', 'accepted', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired'],
  statement: ['created'],
  rebalance: ['completed'],
  harvest: ['completed'],
} as const;

/** Every event type Finos emits (the contract's EventType enum; a test keeps the two equal). */
export const EVENT_TYPES: readonly string[] = Object.entries(STATUSES).flatMap(([f, ss]) => ss.map((s) => `${f}.${s}`));
export const EVENT_FAMILIES: readonly string[] = Object.keys(STATUSES);

const PATTERN = /^(\*|[a-z_]+\.(\*|[a-z_]+))$/;
const EVENT_TYPE = /^[a-z_]+\.[a-z_]+$/;

/** `*`, an exact type `family.what`, or a family wildcard `family.*`. */
export const isEventPattern = (p: string) => p.length <= EVENT_PATTERN_MAX_LENGTH && PATTERN.test(p);
export const isEventType = (t: string) => t.length <= EVENT_PATTERN_MAX_LENGTH && EVENT_TYPE.test(t);

export function eventFamily(type: string): string {
  const dot = type.indexOf('.');
  if (dot <= 0) throw new Error(`not an event type: ${type}`);
  return type.slice(0, dot);
}

/** Every pattern that selects `type`; the SQL fan-out asks `webhooks.events && this`. */
export const patternsMatching = (type: string): string[] => ['*', type, `${eventFamily(type)}.*`];

export function matchesPattern(pattern: string, type: string): boolean {
  return patternsMatching(type).includes(pattern);
}

export const matchesAny = (patterns: readonly string[], type: string) => patterns.some((p) => matchesPattern(p, type));

/** The reference's masking: eight stars then the last three characters (`********swd`). */
export function maskSecret(secret: string): string {
  return '********' + (secret.length > 6 ? secret.slice(-3) : '');
}

/** The API reference's scheme: the HMAC key is the API key with its `sk_`/`pk_` prefix stripped. */
export const signingKey = (apiKey: string) => apiKey.replace(/^(sk|pk)_/, '');

/** X-Request-Signature: lowercase hex HMAC-SHA1 of the raw body. */
export const requestSignature = (apiKey: string, body: string | Buffer) =>
  createHmac('sha1', signingKey(apiKey)).update(body).digest('hex');

/** X-Finos-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function finosSignature(apiKey: string, body: string | Buffer, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', signingKey(apiKey)).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

/** Receiver-side check of X-Finos-Signature, as the guide documents it (used by tests and the client). */
export function verifyFinosSignature(
  apiKey: string, body: string | Buffer, header: string, now: Date, toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((kv) => kv.split('=') as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(finosSignature(apiKey, body, new Date(t * 1000)).split('v1=')[1]!, 'hex');
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v)
    && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}

/**
 * Delay before retry number `failures + 1` after `failures` failed attempts: 30 s doubling per
 * failure, capped at 6 h, then stretched by up to +20 % jitter so a recovering receiver is not hit
 * by every queued delivery at the same instant. docs/guides/webhooks-retries.md has the table.
 */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 6 * 60 * 60 * 1000;
export const RETRY_JITTER = 0.2;

export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 20);
  const base = Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_CAP_MS);
  return Math.round(base * (1 + RETRY_JITTER * random()));
}

/**
 * When the next attempt is due after `failures` failures, or null when it would fall past the
 * 3-day horizon counted from the event's creation (then the delivery is `failed`). Tenant time.
 */
export function nextAttemptAt(
  failures: number, eventCreatedAt: Date, now: Date, random: () => number = Math.random,
): Date | null {
  const due = new Date(now.getTime() + retryDelayMs(failures, random));
  return due.getTime() - eventCreatedAt.getTime() > RETRY_HORIZON_MS ? null : due;
}

/** Any 2xx is delivered; everything else (3xx included: redirects are not followed) retries. */
export const isDelivered = (httpStatus: number | null) => httpStatus !== null && httpStatus >= 200 && httpStatus < 300;
