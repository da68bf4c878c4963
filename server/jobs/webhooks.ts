// Webhook delivery: claims due deliveries (FOR UPDATE SKIP LOCKED plus a lease, so any number
// of processes share the queue and each attempt is made once), signs and POSTs each event, and
// records the attempts in batches with their outcome and the next due time in the tenant's clock.
import type { Logger } from 'pino';
import type { FinosEnv } from '../config.ts';
import type { Db } from '../db/db.ts';
import {
  finosSignature, isDelivered, nextAttemptAt, requestSignature, USER_AGENT,
} from '../domain/webhooks.ts';
import { resolveAny, resolvePublic, SsrfError, type Resolver, systemResolver } from '../security/ssrf.ts';
import type { Secrets } from '../security/secrets.ts';
import { postJson, type PostOptions, type PostResult } from './post.ts';
import { systemClock } from '../clock.ts';

export interface DeliveryDeps {
  db: Db;
  secrets: Pick<Secrets, 'decrypt'>;
  /** The server's FINOS_ENV; without allowPrivateTargets, production (or a production tenant) turns the SSRF guard on. */
  env: FinosEnv;
  /** The server's FINOS_WEBHOOK_ALLOW_PRIVATE: false checks every address at send time too (DNS rebinding). */
  allowPrivateTargets?: boolean;
  log: Logger;
  resolver?: Resolver;
  post?: PostOptions;
}

/** A claimed delivery with everything needed to send it. */
export interface Claimed {
  tenant_id: string;
  id: string;
  attempts: number;
  tenant_env: FinosEnv;
  tenant_now: Date;
  clock_frozen: boolean;
  webhook_id: string;
  url: string;
  basic_auth_username: string | null;
  basic_auth_password_encrypted: string | null;
  event_id: string;
  event_type: string;
  event_created_at: Date;
  event_data: unknown;
  signing_key_encrypted: string | null;
}

/** Longer than an attempt can take (10 s), so a live worker never loses its lease mid-send. */
export const LEASE_MS = 60_000;

const TENANT_NOW = `COALESCE(t.clock_frozen_at, now() + t.clock_offset_ms * interval '1 millisecond')`;

/**
 * Claims up to `limit` due deliveries in one statement: due in the tenant's time, not leased by
 * anyone (or the lease lapsed, i.e. its worker died), skipping rows another claim holds, at most
 * `perWebhook` per endpoint. Rows of a webhook paused meanwhile are closed here instead of sent.
 */
export async function claimDue(
  db: Db, limit: number, busyWebhooks: readonly string[] = [], perWebhook = limit,
): Promise<Claimed[]> {
  if (limit <= 0) return [];
  const { rows } = await db.query<Claimed & { active: boolean }>(
    `WITH horizon AS (
       -- The latest "now" of any tenant: a bound the due index can range-scan up to.
       SELECT max(${TENANT_NOW}) AS at FROM tenants t
     ), candidates AS (
       SELECT tenant_id, id, row_number() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at) AS nth
         FROM (SELECT d.tenant_id, d.id, d.webhook_id, d.next_attempt_at
                 FROM webhook_deliveries d
                WHERE d.status = 'pending'
                  AND d.next_attempt_at <= (SELECT at FROM horizon)
                  AND d.next_attempt_at <= (SELECT ${TENANT_NOW} FROM tenants t WHERE t.id = d.tenant_id)
                  AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
                  AND d.webhook_id <> ALL ($3::uuid[])
                ORDER BY d.next_attempt_at
                LIMIT $1 * 4) d
     ), due AS (
       -- At most $4 per webhook in one claim, so one slow endpoint cannot fill every slot.
       SELECT d.tenant_id, d.id
         FROM webhook_deliveries d
         JOIN candidates c ON c.tenant_id = d.tenant_id AND c.id = d.id AND c.nth <= $4
        WHERE d.status = 'pending' AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
        ORDER BY d.next_attempt_at
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + CASE WHEN w.active THEN 1 ELSE 0 END,
              lease_expires_at = CASE WHEN w.active THEN now() + $2 * interval '1 millisecond' END,
              status = CASE WHEN w.active THEN 'pending' ELSE 'failed' END,
              next_attempt_at = CASE WHEN w.active THEN d.next_attempt_at END,
              last_error = CASE WHEN w.active THEN d.last_error ELSE 'webhook disabled' END
         FROM due, webhooks w
        WHERE d.tenant_id = due.tenant_id AND d.id = due.id AND w.tenant_id = d.tenant_id AND w.id = d.webhook_id
       RETURNING d.tenant_id, d.id, d.attempts, d.webhook_id, d.event_id, w.active
     )
     SELECT c.tenant_id, c.id, c.attempts, c.active, t.env AS tenant_env,
            ${TENANT_NOW} AS tenant_now, t.clock_frozen_at IS NOT NULL AS clock_frozen,
            c.webhook_id, w.url, w.basic_auth_username, w.basic_auth_password_encrypted,
            e.id AS event_id, e.type AS event_type, e.created_at AS event_created_at, e.data AS event_data,
            (SELECT k.key_encrypted FROM api_keys k
              WHERE k.tenant_id = c.tenant_id AND k.kind = 'secret' AND k.revoked_at IS NULL
              ORDER BY k.id DESC LIMIT 1) AS signing_key_encrypted
       FROM claimed c
       JOIN tenants t ON t.id = c.tenant_id
       JOIN webhooks w ON w.tenant_id = c.tenant_id AND w.id = c.webhook_id
       JOIN events e ON e.tenant_id = c.tenant_id AND e.id = c.event_id`,
    [limit, LEASE_MS, busyWebhooks, perWebhook],
  );
  return rows.filter((r) => r.active);
}

/**
 * A tenant's deliveries due by its clock and not finished: `unclaimed` ones nobody holds (or
 * whose holder's lease lapsed), `elsewhere` ones leased, i.e. being attempted by some worker
 * right now, in this process or another.
 */
export async function dueForTenant(db: Db, tenantId: string): Promise<{ unclaimed: number; elsewhere: number }> {
  const { rows } = await db.query<{ unclaimed: number; elsewhere: number }>(
    `SELECT count(*) FILTER (WHERE d.lease_expires_at IS NULL OR d.lease_expires_at < now())::int AS unclaimed,
            count(*) FILTER (WHERE d.lease_expires_at >= now())::int AS elsewhere
       FROM webhook_deliveries d JOIN tenants t ON t.id = d.tenant_id
      WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= ${TENANT_NOW}`,
    [tenantId],
  );
  return rows[0] ?? { unclaimed: 0, elsewhere: 0 };
}

/** The body every attempt of one event sends, byte for byte. */
export function eventBody(c: Pick<Claimed, 'event_id' | 'event_type' | 'event_created_at' | 'event_data'>): string {
  return JSON.stringify({ id: c.event_id, type: c.event_type, created_at: c.event_created_at.toISOString(), data: c.event_data });
}

/** Makes one attempt; every failure, even an unexpected one, comes back as a PostResult. */
export async function send(deps: DeliveryDeps, c: Claimed): Promise<PostResult> {
  try {
    return await attempt(deps, c);
  } catch (err) {
    deps.log.error({ err, delivery_id: c.id }, 'webhook attempt failed unexpectedly');
    return { httpStatus: null, error: `internal error: ${(err as Error).message}`.slice(0, 300), duration_ms: 0 };
  }
}

// Sealed values are stable per key, so each is opened once per process (a signing key is read on every send).
const opened = new Map<string, string>();
function open(secrets: DeliveryDeps['secrets'], sealed: string): string {
  let plain = opened.get(sealed);
  if (plain === undefined) {
    plain = secrets.decrypt(sealed);
    if (opened.size >= 1000) opened.clear();
    opened.set(sealed, plain);
  }
  return plain;
}

async function attempt(deps: DeliveryDeps, c: Claimed): Promise<PostResult> {
  const failed = (error: string): PostResult => ({ httpStatus: null, error, duration_ms: 0 });
  if (!c.signing_key_encrypted) return failed('no active secret API key to sign with');
  const key = open(deps.secrets, c.signing_key_encrypted);
  const url = new URL(c.url);
  const guarded = deps.allowPrivateTargets === undefined
    ? deps.env === 'production' || c.tenant_env === 'production'
    : !deps.allowPrivateTargets;
  let pinned;
  try {
    pinned = guarded ? await resolvePublic(url.hostname, deps.resolver ?? systemResolver)
      : await resolveAny(url.hostname, deps.resolver ?? systemResolver);
  } catch (err) {
    if (err instanceof SsrfError) return failed(err.message);
    throw err;
  }
  const body = eventBody(c);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'x-finos-event-id': c.event_id,
    'x-finos-event-type': c.event_type,
    'x-request-signature': requestSignature(key, body),
    // Real time, not tenant time: receivers check `t` against their own clocks.
    'x-finos-signature': finosSignature(key, body, systemClock.now()),
  };
  if (c.basic_auth_username !== null || c.basic_auth_password_encrypted !== null) {
    const password = c.basic_auth_password_encrypted ? open(deps.secrets, c.basic_auth_password_encrypted) : '';
    headers.authorization = 'Basic ' + Buffer.from(`${c.basic_auth_username ?? ''}:${password}`).toString('base64');
  }
  return postJson(url, pinned, headers, body, deps.post);
}

/** What one attempt leaves on its delivery row and in the attempts log. */
export interface Outcome {
  tenant_id: string;
  id: string;
  attempt: number;
  status: 'pending' | 'succeeded' | 'failed';
  http_status: number | null;
  duration_ms: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  /** Tenant time of the attempt. */
  at: Date;
}

export function outcome(c: Claimed, answer: PostResult): Outcome {
  const r = answer.httpStatus !== null && (answer.httpStatus < 100 || answer.httpStatus > 599)
    ? { ...answer, httpStatus: null, error: `invalid HTTP status ${answer.httpStatus}` } : answer;
  const ok = isDelivered(r.httpStatus) && r.error === null;
  // The tenant clock moved on by the attempt's duration unless it is frozen.
  const at = new Date(c.tenant_now.getTime() + (c.clock_frozen ? 0 : r.duration_ms));
  const next = ok ? null : nextAttemptAt(c.attempts, c.event_created_at, at);
  return {
    tenant_id: c.tenant_id, id: c.id, attempt: c.attempts,
    status: ok ? 'succeeded' : next ? 'pending' : 'failed',
    http_status: r.httpStatus, duration_ms: r.duration_ms, next_attempt_at: next,
    last_error: ok ? null : r.error ?? `HTTP ${r.httpStatus}`, at,
  };
}

/**
 * Writes outcomes in one statement: each delivery row is updated only if this worker still owns
 * that attempt and the delivery is still pending (a pause or a lapsed lease wins), and each
 * attempt is appended to the log. Never throws: an unrecorded attempt is retried when its lease lapses.
 */
export async function recordAll(deps: Pick<DeliveryDeps, 'db' | 'log'>, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const col = <K extends keyof Outcome>(k: K) => outcomes.map((o) => o[k]);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const params = [
    col('tenant_id'), col('id'), col('attempt'), col('status'), col('http_status'), col('duration_ms'),
    outcomes.map((o) => iso(o.next_attempt_at)), col('last_error'), outcomes.map((o) => iso(o.at)),
  ];
  try {
    await deps.db.query(
      `WITH r AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[], $6::int[],
                              $7::timestamptz[], $8::text[], $9::timestamptz[])
                AS r(tenant_id, id, attempt, status, http_status, duration_ms, next_attempt_at, last_error, at)
       ), upd AS (
         UPDATE webhook_deliveries d
            SET status = r.status, http_status = r.http_status, duration_ms = r.duration_ms,
                next_attempt_at = r.next_attempt_at, last_error = r.last_error, lease_expires_at = NULL, updated_at = r.at
           FROM r
          WHERE d.tenant_id = r.tenant_id AND d.id = r.id AND d.attempts = r.attempt AND d.status = 'pending'
         RETURNING d.id
       )
       INSERT INTO webhook_delivery_attempts (tenant_id, delivery_id, attempt, http_status, duration_ms, error, attempted_at)
       SELECT r.tenant_id, r.id, r.attempt, r.http_status, r.duration_ms, r.last_error, r.at FROM r
        WHERE EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.tenant_id = r.tenant_id AND d.id = r.id)
       ON CONFLICT DO NOTHING`,
      params,
    );
  } catch (err) {
    // A webhook deleted mid-batch breaks the attempts foreign key for its rows: retry one by one.
    if (outcomes.length > 1) {
      for (const o of outcomes) await recordAll(deps, [o]);
      return;
    }
    deps.log.error({ err, delivery_id: outcomes[0]!.id }, 'could not record webhook attempt');
  }
}
