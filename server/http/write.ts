// Every state-changing handler ends in write(): the change and its Idempotency-Key record
// commit in one transaction, so a retried request can never apply twice. The response is
// serialized and checked against the contract before that commit: a change whose answer cannot
// be produced rolls back and is never acknowledged, and a replay sends the very same bytes.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Queryable } from '../db/db.ts';
import { ApiError, conflict } from '../errors.ts';
import { appDeps, ctx } from './context.ts';
import { classified } from './error-type.ts';
import { errorBody, statusOf } from './error-handler.ts';
import { CONTRACT_FILE, responseContract } from './response-contract.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface StoredResponse {
  request_hash: string;
  response_status: number | null;
  /** The exact JSON text sent the first time; null for a 204. */
  response_body: string | null;
}

/** A response ready to send: the status and the exact body text (null: no body). */
interface Prepared {
  status: number;
  text: string | null;
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
    send(res, await c.db.transaction(async (tx) => prepare(req, status, await fn(tx))));
    return;
  }
  if (key.length > 255) throw new ApiError('bad_request', 'Idempotency-Key: must be at most 255 characters', 'Idempotency-Key');
  const hash = requestHash(req);
  const outcome = await c.db.transaction(async (tx) => {
    const claimed = await claim(tx, c.tenantId, key, hash);
    if (!claimed) return replay(tx, c.tenantId, key, hash);
    await tx.query('SAVEPOINT finos_write');
    let prepared: Prepared;
    try {
      prepared = prepare(req, status, await fn(tx));
    } catch (err) {
      if (!(err instanceof ApiError) || statusOf(err) >= 500) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT finos_write');
      prepared = prepare(req, statusOf(err), errorBody(classified(err, req)));
    }
    await tx.query(
      'UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE tenant_id = $1 AND key = $2',
      [c.tenantId, key, prepared.status, prepared.text],
    );
    return { ...prepared, replayed: false };
  });
  if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
  send(res, outcome);
}

/**
 * Serializes the body once and, where responses are validated, checks it against the contract.
 * Runs inside the transaction: throwing here (a 500) rolls the change back.
 */
function prepare(req: Request, status: number, body: unknown): Prepared {
  if (status === 204 || body === undefined) return { status, text: null };
  const deps = appDeps(req);
  if (deps.config.validateResponses) {
    const problem = responseContract(CONTRACT_FILE).problem(req, status, body ?? null);
    if (problem) throw new Error(`the ${status} response of ${req.method} ${req.originalUrl.split('?')[0]} breaks the contract (${problem}); the change was not committed`);
  }
  return { status, text: JSON.stringify(body ?? null) };
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
  return { status: row.response_status, text: row.response_body, replayed: true };
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

function send(res: Response, r: Prepared): void {
  if (r.text === null) res.status(r.status).end();
  else res.status(r.status).set('Content-Type', 'application/json; charset=utf-8').send(r.text);
}
