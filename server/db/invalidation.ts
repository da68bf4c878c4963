// Caches of what nearly every request reads and almost nothing writes (the API key → tenant and
// clock resolution, a tenant's sandbox price shocks), and how they learn about writes.
//
// A writer calls `tenantChanged(q, tenantId)` in the transaction that changes such data. The
// database then NOTIFYs `finos_cache` with the tenant id when that transaction commits, and every
// instance listening on PostgreSQL drops the tenant's entries; this process drops them as soon as
// the transaction has committed, so the instance that wrote always reads its own write. A reader
// fills through `TenantCache.get`, which keeps a loaded value only if no invalidation happened
// while it was loading, and bypasses the cache inside a transaction that changed the tenant.
//
// On PostgreSQL the caches are used only while the LISTEN connection is up: when it drops they
// empty and every read goes to the database until it is back. PGlite has one process, so local
// invalidation sees every write: the data directory is locked to it, and the CLI hands its
// commands to the running server (server/admin.ts). The TTL bounds anything else.
import { LRUCache } from 'lru-cache';
import type { Db, Queryable } from './db.ts';

export const CACHE_CHANNEL = 'finos_cache';
/** The tenant id that means "every tenant" (a statement that changed many). */
export const ALL_TENANTS = '*';

/** The caches of one Db, whether they may be trusted right now, and who hears of its queued deliveries. */
export class CacheScope {
  /** Bumped by every invalidation: a load that straddles one is not kept. */
  epoch = 0;
  /** False while a PostgreSQL LISTEN connection is down. */
  usable = true;
  private readonly caches = new Map<string, TenantCache<unknown>>();
  /** The webhook workers on this Db, woken when a transaction that queued deliveries commits. */
  readonly deliveryWakers = new Set<() => void>();

  /** The scope's cache called `name`, made on first use. */
  cache<V>(name: string, opts: TenantCacheOptions): TenantCache<V> {
    let c = this.caches.get(name);
    if (!c) this.caches.set(name, (c = new TenantCache<unknown>(this, opts)));
    return c as TenantCache<V>;
  }

  /** Drops one tenant's entries; `*` drops every tenant's. */
  invalidate(tenantId: string): void {
    if (tenantId === ALL_TENANTS) return this.reset(this.usable);
    this.epoch++;
    for (const c of this.caches.values()) c.dropTenant(tenantId);
  }

  /** Distrust everything (LISTEN connection lost, or restored after missing notifications). */
  reset(usable: boolean): void {
    this.epoch++;
    this.usable = usable;
    for (const c of this.caches.values()) c.clear();
  }
}

const scopes = new WeakMap<Queryable, CacheScope>();
/** Each open transaction, with the tenants it has changed: its own reads of them skip the cache. */
const changedIn = new WeakMap<Queryable, Set<string>>();
/** The open transactions that queued webhook deliveries. */
const queuedIn = new WeakSet<Queryable>();

/** Called by the engines: `db` gets a scope; each transaction shares its Db's. */
export function attachScope(q: Queryable, scope: CacheScope): void {
  scopes.set(q, scope);
}

export function scopeOf(q: Queryable): CacheScope | undefined {
  return scopes.get(q);
}

/** Called by the engines for every transaction they open. */
export function beginTransaction(tx: Queryable, db: Db): void {
  const scope = scopes.get(db);
  if (scope) scopes.set(tx, scope);
  changedIn.set(tx, new Set());
}

/** Called by the engines when a transaction started with `beginTransaction` has committed. */
export function committed(tx: Queryable): void {
  const changed = changedIn.get(tx);
  changedIn.delete(tx);
  const scope = scopes.get(tx);
  for (const tenantId of changed ?? []) scope?.invalidate(tenantId);
  if (queuedIn.delete(tx)) wake(scope);
}

/**
 * Webhook deliveries were queued on `q`: the Db's workers are woken once they are visible, when
 * the transaction commits (at once outside a transaction). A rolled-back transaction wakes no one.
 */
export function deliveriesQueued(q: Queryable): void {
  if (changedIn.has(q)) queuedIn.add(q);
  else wake(scopes.get(q));
}

/** `wake` runs whenever deliveries queued on `db` become visible; the answer unsubscribes. */
export function onDeliveriesQueued(db: Db, wake: () => void): () => void {
  const scope = scopes.get(db);
  if (!scope) return () => {};
  scope.deliveryWakers.add(wake);
  return () => scope.deliveryWakers.delete(wake);
}

function wake(scope: CacheScope | undefined): void {
  for (const w of scope?.deliveryWakers ?? []) w();
}

/**
 * Records that `tenantId`'s cached data (clock, keys, shocks) changes in this transaction, or
 * has just changed when `q` is not a transaction. Every writer of tenants' clock columns,
 * api_keys or market_shocks calls it (tests that write them with SQL too); ALL_TENANTS for many.
 */
export async function tenantChanged(q: Queryable, tenantId: string): Promise<void> {
  await q.query(`SELECT pg_notify('${CACHE_CHANNEL}', $1)`, [tenantId]);
  // Now (a value loaded before the commit must not be kept after it), and again on commit.
  scopes.get(q)?.invalidate(tenantId);
  changedIn.get(q)?.add(tenantId);
}

export interface TenantCacheOptions {
  /** Entries kept at most (the least recently used go first). */
  max: number;
  /** How long an entry may be served without a reload. */
  ttlMs: number;
}

export interface CachedRead<V> {
  /** Which of the Db's caches. */
  cache: string;
  options: TenantCacheOptions;
  key: string;
  load: () => Promise<V>;
  /** The tenant a loaded value belongs to; null: do not keep it (an unknown key, say). */
  tenantOf: (v: V) => string | null;
  /** The tenant, when known before loading (a transaction that changed it reads around the cache). */
  tenantId?: string;
}

/** `r.load()`'s value, served from `q`'s Db's cache while nothing has changed it. */
export function cachedRead<V>(q: Queryable, r: CachedRead<V>): Promise<V> {
  const scope = scopes.get(q);
  if (!scope || !scope.usable || (r.tenantId !== undefined && changedIn.get(q)?.has(r.tenantId))) return r.load();
  return scope.cache<V>(r.cache, r.options).get(r);
}

/**
 * What `cachedRead` would answer from the cache at once, or undefined when it would have to load
 * (nothing cached, the cache not trusted right now, or a transaction that changed the tenant):
 * lets a hot path skip building the read.
 */
export function cachedPeek<V>(q: Queryable, cache: string, options: TenantCacheOptions, key: string): V | undefined {
  const scope = scopes.get(q);
  if (!scope || !scope.usable) return undefined;
  return scope.cache<V>(cache, options).peek(key);
}

/** A bounded, expiring map (lru-cache) of values that each belong to one tenant. */
export class TenantCache<V> {
  private readonly entries: LRUCache<string, { tenantId: string; value: V }>;
  private readonly byTenant = new Map<string, Set<string>>();

  constructor(private readonly scope: CacheScope, opts: TenantCacheOptions) {
    this.entries = new LRUCache({
      max: opts.max,
      ttl: opts.ttlMs,
      // Reads the clock on each look-up rather than keeping it for a millisecond behind a timer:
      // read on nearly every request, the timer would be re-armed a thousand times a second.
      ttlResolution: 0,
      // Keeps the tenant index in step with evictions, expiries and deletes.
      dispose: (e, key) => this.unindex(e.tenantId, key),
    });
  }

  /** The cached value (counting as a use, like `get`), or undefined. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  async get(r: Pick<CachedRead<V>, 'key' | 'load' | 'tenantOf'>): Promise<V> {
    const hit = this.entries.get(r.key);
    if (hit) return hit.value;
    const epoch = this.scope.epoch;
    const value = await r.load();
    const tenantId = r.tenantOf(value);
    if (tenantId !== null && this.scope.epoch === epoch && this.scope.usable) {
      this.entries.set(r.key, { tenantId, value });
      let keys = this.byTenant.get(tenantId);
      if (!keys) this.byTenant.set(tenantId, (keys = new Set()));
      keys.add(r.key);
    }
    return value;
  }

  private unindex(tenantId: string, key: string): void {
    const keys = this.byTenant.get(tenantId);
    keys?.delete(key);
    if (keys?.size === 0) this.byTenant.delete(tenantId);
  }

  dropTenant(tenantId: string): void {
    for (const key of [...(this.byTenant.get(tenantId) ?? [])]) this.entries.delete(key);
    this.byTenant.delete(tenantId);
  }

  clear(): void {
    this.entries.clear();
    this.byTenant.clear();
  }
}
