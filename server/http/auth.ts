// API-key authentication. `identifyCaller` resolves the caller without failing (the rate limiter
// needs a bucket even for bad keys); `authorize` then refuses or sets the request's Context.
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { FinosEnv } from '../config.ts';
import type { AppDeps, Context } from '../context.ts';
import type { TenantClock } from '../domain/clock.ts';
import { tenantClock } from '../clock.ts';
import { cachedPeek, cachedRead } from '../db/invalidation.ts';
import { hashKey, type KeyKind } from '../security/keys.ts';
import { ApiError, forbidden, unauthorized } from '../errors.ts';
import { requestId, requestLog, setCtx } from './context.ts';

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
const KEY_CACHE_NAME = 'api-keys';

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

/** Shared: the answers carry nothing of the request. */
const PUBLIC: Principal = { kind: 'public' };

/**
 * The caller of this request, without failing (the rate limiter needs a bucket even for bad
 * keys): at once when the key's row is cached, as nearly every request's is; a promise when it
 * must be loaded.
 */
export function identifyCaller(req: Request, deps: AppDeps): Principal | Promise<Principal> {
  if (isPublic(req)) return PUBLIC;
  const key = extractKey(req);
  if (!key) return { kind: 'refused', error: unauthorized('No API key provided. Send it as `Authorization: Bearer <key>` or HTTP Basic username') };
  const keyHash = hashKey(key);
  const cached = cachedPeek<KeyRow>(deps.db, KEY_CACHE_NAME, KEY_CACHE, keyHash);
  if (cached !== undefined) return principalFor(cached, deps.config.env);
  return loadCaller(deps, keyHash);
}

async function loadCaller(deps: AppDeps, keyHash: string): Promise<Principal> {
  const { db, config } = deps;
  // `load` in method syntax and `tenantOf` shared: no arrow functions made per request (the dev
  // loader, tsx, wraps each one in a name-setting call).
  const row = await cachedRead(db, {
    cache: KEY_CACHE_NAME,
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
  return principalFor(row, config.env);
}

/**
 * A cached row's principal is made once and kept on the row (a row is replaced, never changed,
 * when its key or tenant changes); so is the tenant clock made from it.
 */
const ROW_PRINCIPAL = Symbol('finos.rowPrincipal');
const PRINCIPAL_CLOCK = Symbol('finos.principalClock');
type KeptOnRow = KeyRow & { [ROW_PRINCIPAL]?: KeyPrincipal };
type WithClock = KeyPrincipal & { [PRINCIPAL_CLOCK]?: { real: TenantClock | undefined; clock: TenantClock } };

function principalFor(row: KeptOnRow, env: FinosEnv): Principal {
  if (row.revoked_at) return { kind: 'refused', error: unauthorized('This API key has been revoked') };
  if (row.env !== env) return { kind: 'refused', error: unauthorized(`This is a ${row.env} key; this server is ${env}`) };
  return (row[ROW_PRINCIPAL] ??= {
    kind: 'key',
    keyId: row.id,
    keyKind: row.kind,
    tenantId: row.tenant_id,
    env: row.env,
    clock_offset_ms: row.clock_offset_ms,
    clock_frozen_at: row.clock_frozen_at,
  });
}

function clockOf(p: WithClock, real: TenantClock | undefined): TenantClock {
  const kept = p[PRINCIPAL_CLOCK];
  if (kept && kept.real === real) return kept.clock;
  const clock = tenantClock(p, real);
  p[PRINCIPAL_CLOCK] = { real, clock };
  return clock;
}

/** Refuses the request (throws) or, for a key, sets its Context; public routes pass as they are. */
export function authorize(req: Request, p: Principal | undefined, deps: AppDeps): void {
  if (!p) throw new Error('authorize runs after identifyCaller');
  if (p.kind === 'public') return;
  if (p.kind === 'refused') throw p.error;
  if (p.keyKind === 'publishable' && !publishableAllowed(req)) {
    throw forbidden('A publishable key can only read market data (stocks, clock, calendar, assets); use your secret key');
  }
  const c = {
    tenantId: p.tenantId,
    keyId: p.keyId,
    keyKind: p.keyKind,
    env: p.env,
    db: deps.db,
    secrets: deps.secrets,
    clock: clockOf(p, deps.realClock),
    requestId: requestId(req),
    config: deps.config,
    listeners: deps.wiring.listeners,
    [LOG_REQ]: req,
    [LOG_CHILD]: undefined as Logger | undefined,
  };
  // `log` is an accessor shared by every context (an object literal's getter would be a new
  // function, and the object a slow one, on every request); a copy ({...c}) still gets its value.
  Object.defineProperty(c, 'log', LOG_PROPERTY);
  setCtx(req, c as typeof c & Pick<Context, 'log'>);
}

/** The request's child logger (tenant and key bound), made on first use: most requests log nothing of their own. */
const LOG_REQ = Symbol('finos.contextRequest');
const LOG_CHILD = Symbol('finos.contextLog');
const LOG_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Context & { [LOG_REQ]: Request; [LOG_CHILD]: Logger | undefined }): Logger {
    return (this[LOG_CHILD] ??= requestLog(this[LOG_REQ]).child({ tenant_id: this.tenantId, key_id: this.keyId }));
  },
};
