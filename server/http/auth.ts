// API-key authentication. `identify` resolves the caller without failing (the rate limiter
// needs a bucket even for bad keys); `requireAuth` then refuses or sets the request's Context.
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { FinosEnv } from '../config.ts';
import { tenantClock } from '../clock.ts';
import { cachedRead } from '../db/invalidation.ts';
import { hashKey, type KeyKind } from '../security/keys.ts';
import { ApiError, forbidden, unauthorized } from '../errors.ts';
import { appDeps, requestId, requestLog, setCtx } from './context.ts';

export interface KeyPrincipal {
  kind: 'key';
  keyId: string;
  keyKind: KeyKind;
  tenantId: string;
  env: FinosEnv;
  clock_offset_ms: number;
  clock_frozen_at: Date | null;
}

export type Principal = KeyPrincipal | { kind: 'public' } | { kind: 'refused'; error: ApiError };

// Kept on the request under a symbol rather than in a WeakMap keyed by requests: an entry per
// request in a WeakMap costs microseconds in the collector (bench/request-state.ts).
const PRINCIPAL = Symbol('finos.principal');
type Identified = { [PRINCIPAL]?: Principal };
const principals = {
  get: (req: Request): Principal | undefined => (req as Identified)[PRINCIPAL],
  set: (req: Request, p: Principal): void => { (req as Identified)[PRINCIPAL] = p; },
};

export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}

/** Routes that need no key: liveness, and statement PDFs behind their own signed links. */
export function isPublic(req: Request): boolean {
  if (req.path === '/healthz') return true;
  return (req.method === 'GET' || req.method === 'HEAD') && /^\/v1\/statements\/[^/]+\/pdf$/.test(req.path);
}

/** What a publishable (browser) key may do: read market data. */
export function publishableAllowed(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return /^\/v1\/(stocks\/.+|clock|calendar|assets(\/.*)?)$/.test(req.path);
}

/**
 * The key from any of the accepted forms: Basic (key as username, empty password),
 * `Authorization: Bearer <key>`, a bare `Authorization: <key>`, or the legacy `Bearer: <key>` header of the API reference's examples.
 */
export function extractKey(req: Request): string | null {
  const auth = req.get('authorization')?.trim();
  if (auth) {
    const basic = /^basic\s+(\S+)$/i.exec(auth);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const user = decoded.split(':')[0]?.trim();
      return user || null;
    }
    const bearer = /^bearer\s+(\S+)$/i.exec(auth);
    if (bearer) return bearer[1]!;
    if (!/\s/.test(auth)) return auth;
    return null;
  }
  const legacy = req.get('bearer')?.trim();
  return legacy ? legacy.replace(/^bearer\s+/i, '') : null;
}

/**
 * Keys and their tenant's clock settings are read on every request and change only through a
 * revocation or a sandbox clock advance, which invalidate them (server/db/invalidation.ts).
 */
const KEY_CACHE = { max: 10_000, ttlMs: 10_000 };

interface KeyRow {
  id: string;
  tenant_id: string;
  kind: KeyKind;
  revoked_at: Date | null;
  env: FinosEnv;
  clock_offset_ms: number;
  clock_frozen_at: Date | null;
}

function keyRowTenant(r: KeyRow | undefined): string | null {
  return r?.tenant_id ?? null;
}

async function resolve(req: Request): Promise<Principal> {
  if (isPublic(req)) return { kind: 'public' };
  const key = extractKey(req);
  if (!key) return { kind: 'refused', error: unauthorized('No API key provided. Send it as `Authorization: Bearer <key>` or HTTP Basic username') };
  const { db, config } = appDeps(req);
  const keyHash = hashKey(key);
  // `load` in method syntax and `tenantOf` shared: no arrow functions made per request (the dev
  // loader, tsx, wraps each one in a name-setting call).
  const row = await cachedRead(db, {
    cache: 'api-keys',
    options: KEY_CACHE,
    key: keyHash,
    async load() {
      return (await db.query<KeyRow>(
        `SELECT k.id, k.tenant_id, k.kind, k.revoked_at, t.env, t.clock_offset_ms, t.clock_frozen_at
           FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = $1`,
        [keyHash],
      )).rows[0];
    },
    tenantOf: keyRowTenant,
  });
  if (!row) return { kind: 'refused', error: unauthorized('Invalid API key provided') };
  if (row.revoked_at) return { kind: 'refused', error: unauthorized('This API key has been revoked') };
  if (row.env !== config.env) return { kind: 'refused', error: unauthorized(`This is a ${row.env} key; this server is ${config.env}`) };
  return {
    kind: 'key',
    keyId: row.id,
    keyKind: row.kind,
    tenantId: row.tenant_id,
    env: row.env,
    clock_offset_ms: row.clock_offset_ms,
    clock_frozen_at: row.clock_frozen_at,
  };
}

export const identify: RequestHandler = async (req, _res, next) => {
  principals.set(req, await resolve(req));
  next();
};

export const requireAuth: RequestHandler = (req, _res, next) => {
  const p = principals.get(req);
  if (!p) throw new Error('requireAuth runs after identify');
  if (p.kind === 'public') return next();
  if (p.kind === 'refused') throw p.error;
  if (p.keyKind === 'publishable' && !publishableAllowed(req)) {
    throw forbidden('A publishable key can only read market data (stocks, clock, calendar, assets); use your secret key');
  }
  const deps = appDeps(req);
  let log: Logger | undefined;
  setCtx(req, {
    tenantId: p.tenantId,
    keyId: p.keyId,
    keyKind: p.keyKind,
    env: p.env,
    db: deps.db,
    secrets: deps.secrets,
    clock: tenantClock(p, deps.realClock),
    // Made on first use: most requests log nothing of their own.
    get log() {
      return (log ??= requestLog(req).child({ tenant_id: p.tenantId, key_id: p.keyId }));
    },
    requestId: requestId(req),
    config: deps.config,
    listeners: deps.wiring.listeners,
  });
  next();
};
