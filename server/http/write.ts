// Every state-changing handler ends in write(): the change and its Idempotency-Key record
// commit in one transaction, so a retried request can never apply twice.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Queryable } from '../db/db.ts';
import { ApiError, conflict } from './errors.ts';
import { classified } from './error-type.ts';
import { ctx } from './context.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface StoredResponse {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

/**
 * Runs fn in one transaction and sends its result as JSON with `status` (204 sends no body).
 * With an Idempotency-Key header: the first request's response is stored for 24 h; a replay
 * gets it back with `Idempotent-Replayed: true`; the same key on a different request is 409.
 * An ApiError below 500 thrown by fn is stored too (its writes are rolled back), like Stripe.
 */
export async function write(req: Request, res: Response, status: number, fn: (tx: Queryable) => Promise<unknown>): Promise<void> {
  const c = ctx(req);
  const key = req.get('Idempotency-Key');
  if (!key) {
    const body = await c.db.transaction(fn);
    send(res, status, body);
    return;
  }
  if (key.length > 255) throw new ApiError(400, 'invalid_request', 'Idempotency-Key: must be at most 255 characters', 'Idempotency-Key');
  const hash = requestHash(req);
  const outcome = await c.db.transaction(async (tx) => {
    const claimed = await claim(tx, c.tenantId, key, hash);
    if (!claimed) return replay(tx, c.tenantId, key, hash);
    await tx.query('SAVEPOINT finos_write');
    let stored: { status: number; body: unknown };
    try {
      stored = { status, body: (await fn(tx)) ?? null };
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT finos_write');
      stored = { status: err.status, body: errorBody(classified(err, req)) };
    }
    await tx.query(
      'UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE tenant_id = $1 AND key = $2',
      [c.tenantId, key, stored.status, JSON.stringify(stored.body)],
    );
    return { ...stored, replayed: false };
  });
  if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
  send(res, outcome.status, outcome.body);
}

/**
 * Inserts the key row, or takes over an expired one. On PostgreSQL a concurrent request
 * with the same key blocks here until the first commits, then sees its row.
 */
async function claim(tx: Queryable, tenantId: string, key: string, hash: string): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, key, request_hash, created_at, expires_at)
     VALUES ($1, $2, $3, now(), now() + ($4 || ' milliseconds')::interval)
     ON CONFLICT (tenant_id, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= now()
     RETURNING key`,
    [tenantId, key, hash, String(IDEMPOTENCY_TTL_MS)],
  );
  return r.rows.length === 1;
}

async function replay(tx: Queryable, tenantId: string, key: string, hash: string) {
  const r = await tx.query<StoredResponse>(
    'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
    [tenantId, key],
  );
  const row = r.rows[0];
  if (!row || row.request_hash !== hash) {
    throw conflict('Idempotency-Key: this key was already used with a different request', 'Idempotency-Key');
  }
  if (row.response_status === null) throw conflict('Idempotency-Key: the first request with this key is still in progress', 'Idempotency-Key');
  return { status: row.response_status, body: row.response_body, replayed: true };
}

/** sha256 of method, path and the body with keys sorted (so key order does not matter). */
export function requestHash(req: Request): string {
  const path = req.originalUrl.split('?')[0];
  return createHash('sha256').update(`${req.method}\n${path}\n${canonicalJson(req.body ?? null)}`).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const entries = Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function errorBody(err: ApiError): { error: { type: string; message: string; field?: string } } {
  return { error: { type: err.type, message: err.message, ...(err.field ? { field: err.field } : {}) } };
}

function send(res: Response, status: number, body: unknown): void {
  if (status === 204 || body === undefined) res.status(status).end();
  else res.status(status).json(body);
}
