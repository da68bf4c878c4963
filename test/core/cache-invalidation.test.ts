// The per-Db caches of keys, clocks and shocks (server/db/invalidation.ts) on both engines: a
// cached value is served until its tenant changes; a transaction that changes it reads around the
// cache and invalidates it on commit; a load that straddles a change is not kept; on PostgreSQL
// another instance's change arrives by NOTIFY, and no cache is used while LISTEN is down.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../server/db/db.ts';
import { ALL_TENANTS, cachedRead, scopeOf, tenantChanged } from '../../server/db/invalidation.ts';
import { openDb } from '../../server/db/open.ts';
import { engines, openTestDb } from '../helpers/app.ts';
import { until } from '../events/support.ts';

const options = { max: 3, ttlMs: 60_000 };

describe.each(engines())('cache invalidation on %s', (engine) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let db: Db;
  beforeAll(async () => {
    t = await openTestDb(engine);
    db = t.db;
    await db.listenForInvalidations?.();
    await db.exec('CREATE TABLE IF NOT EXISTS cached_things (tenant_id text PRIMARY KEY, n integer NOT NULL)');
  });
  afterAll(() => t?.close());

  /** Reads a tenant's n through the cache, counting real loads. */
  const reader = (cache = `things-${randomUUID()}`) => {
    let loads = 0;
    const read = (q: Queryable, tenantId: string) =>
      cachedRead(q, {
        cache, options, key: tenantId, tenantId, tenantOf: () => tenantId,
        load: async () => {
          loads++;
          return (await q.query<{ n: number }>('SELECT n FROM cached_things WHERE tenant_id = $1', [tenantId])).rows[0]?.n ?? null;
        },
      });
    return { read, loads: () => loads };
  };
  const tenant = async (n: number) => {
    const id = randomUUID();
    await db.query('INSERT INTO cached_things (tenant_id, n) VALUES ($1, $2)', [id, n]);
    return id;
  };

  it('serves a value from the cache until its tenant changes', async () => {
    const r = reader();
    const a = await tenant(1);
    expect(await r.read(db, a)).toBe(1);
    expect(await r.read(db, a)).toBe(1);
    expect(r.loads()).toBe(1);
    await db.query('UPDATE cached_things SET n = 2 WHERE tenant_id = $1', [a]);
    // Not told: still the cached value (which is why every writer must call tenantChanged).
    expect(await r.read(db, a)).toBe(1);
    await tenantChanged(db, a);
    expect(await r.read(db, a)).toBe(2);
    expect(r.loads()).toBe(2);
  });

  it('drops only the changed tenant, or everyone for ALL_TENANTS', async () => {
    const r = reader();
    const [a, b] = [await tenant(1), await tenant(5)];
    await r.read(db, a);
    await r.read(db, b);
    await tenantChanged(db, a);
    await r.read(db, a);
    await r.read(db, b);
    expect(r.loads()).toBe(3);
    await tenantChanged(db, ALL_TENANTS);
    await r.read(db, b);
    expect(r.loads()).toBe(4);
  });

  it('inside a transaction that changed the tenant reads around the cache, and invalidates on commit', async () => {
    const r = reader();
    const a = await tenant(1);
    expect(await r.read(db, a)).toBe(1);
    await db.transaction(async (tx) => {
      await tx.query('UPDATE cached_things SET n = 3 WHERE tenant_id = $1', [a]);
      await tenantChanged(tx, a);
      expect(await r.read(tx, a)).toBe(3);
    });
    expect(await r.read(db, a)).toBe(3);
  });

  it('keeps nothing from a rolled-back transaction', async () => {
    const r = reader();
    const a = await tenant(1);
    await expect(db.transaction(async (tx) => {
      await tx.query('UPDATE cached_things SET n = 4 WHERE tenant_id = $1', [a]);
      await tenantChanged(tx, a);
      expect(await r.read(tx, a)).toBe(4);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await r.read(db, a)).toBe(1);
  });

  it('does not keep a value whose load straddled a change', async () => {
    const a = await tenant(1);
    let loads = 0;
    const read = (during?: () => Promise<void>) => cachedRead(db, {
      cache: `straddle-${a}`, options, key: a, tenantId: a, tenantOf: () => a,
      load: async () => {
        loads++;
        const n = (await db.query<{ n: number }>('SELECT n FROM cached_things WHERE tenant_id = $1', [a])).rows[0]!.n;
        await during?.();
        return n;
      },
    });
    expect(await read(async () => {
      await db.query('UPDATE cached_things SET n = 9 WHERE tenant_id = $1', [a]);
      await tenantChanged(db, a);
    })).toBe(1);
    expect(await read()).toBe(9);
    expect(loads).toBe(2);
  });

  it('stays within its size bound', async () => {
    const r = reader();
    for (let i = 0; i < 5; i++) await r.read(db, await tenant(i));
    const first = await tenant(100);
    await r.read(db, first);
    // max 3: reading five others pushes `first` out.
    for (let i = 0; i < 5; i++) await r.read(db, await tenant(i));
    const before = r.loads();
    await r.read(db, first);
    expect(r.loads()).toBe(before + 1);
  });
});

describe.runIf(engines().includes('postgres'))('cache invalidation between instances on PostgreSQL', () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let other: Db;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    await t.db.exec('CREATE TABLE IF NOT EXISTS cached_things (tenant_id text PRIMARY KEY, n integer NOT NULL)');
    other = await t.reopen();
  });
  afterAll(() => t?.close());

  it('uses no cache until LISTEN is up, then learns of the other instance\'s changes by NOTIFY', async () => {
    const a = randomUUID();
    await t.db.query('INSERT INTO cached_things (tenant_id, n) VALUES ($1, 1)', [a]);
    let loads = 0;
    const read = () => cachedRead(other, {
      cache: 'things', options, key: a, tenantId: a, tenantOf: () => a,
      load: async () => {
        loads++;
        return (await other.query<{ n: number }>('SELECT n FROM cached_things WHERE tenant_id = $1', [a])).rows[0]!.n;
      },
    });
    expect(scopeOf(other)!.usable).toBe(false);
    await read();
    await read();
    expect(loads).toBe(2);
    await other.listenForInvalidations!();
    expect(scopeOf(other)!.usable).toBe(true);
    await read();
    await read();
    expect(loads).toBe(3);
    // The first instance changes it (it does not even listen): the second hears of it.
    await t.db.query('UPDATE cached_things SET n = 2 WHERE tenant_id = $1', [a]);
    await tenantChanged(t.db, a);
    await until('the second instance reads the change', async () => (await read()) === 2, 5000);
    expect(await read()).toBe(2);
  });

  it('uses no cache while the LISTEN connection is down, and empties it when back', async () => {
    await other.listenForInvalidations!();
    const scope = scopeOf(other)!;
    expect(scope.usable).toBe(true);
    // Every listener of this database reconnects on its own; this only costs them cache misses.
    await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'finos-cache-listener'`);
    await until('the listener is seen lost', () => !scope.usable, 5000);
    expect(scope.usable).toBe(false);
    await until('the listener is back', () => scope.usable, 10_000);
    expect(scope.usable).toBe(true);
  });

  it('a CLI-style Db (never listening) still notifies the servers', async () => {
    await other.listenForInvalidations!();
    await until('the listener is up', () => scopeOf(other)!.usable, 10_000);
    const cli = await openDb({ databaseUrl: process.env.FINOS_TEST_DATABASE_URL!, databaseSchema: t.schema, dataDir: 'memory://' });
    try {
      const epoch = scopeOf(other)!.epoch;
      await tenantChanged(cli, randomUUID());
      await until('the notification arrives', () => scopeOf(other)!.epoch > epoch, 5000);
      expect(scopeOf(other)!.epoch).toBeGreaterThan(epoch);
    } finally {
      await cli.close();
    }
  });
});
