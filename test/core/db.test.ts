// The Db seam on both engines: identical row types, transactions that roll back and do not
// interleave, the nested-use guard, and migrations that are safe to run twice or concurrently.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { engines, openTestDb } from '../helpers/app.ts';

describe.each(engines())('Db on %s', (engine) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let db: Db;
  beforeAll(async () => {
    t = await openTestDb(engine);
    db = t.db;
    await db.exec('CREATE TABLE things (id integer PRIMARY KEY, n integer NOT NULL)');
  });
  afterAll(() => t?.close());

  it('returns the same JS types on both engines', async () => {
    const r = await db.query<Record<string, unknown>>(
      `SELECT 12.50::numeric AS amount, '2026-03-02'::date AS day, '2026-03-02T10:00:00.123Z'::timestamptz AS at,
              '2026-03-02 10:00:00'::timestamp AS naive, 9007199254740991::int8 AS big, count(*) AS n,
              '{"a":[1,"x"]}'::jsonb AS doc, 5::int4 AS small, true AS flag, NULL::numeric AS nothing`,
    );
    const row = r.rows[0]!;
    expect(row.amount).toBe('12.50');
    expect(row.day).toBe('2026-03-02');
    expect(row.at).toBeInstanceOf(Date);
    expect((row.at as Date).toISOString()).toBe('2026-03-02T10:00:00.123Z');
    expect((row.naive as Date).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(row.big).toBe(9007199254740991);
    expect(row.n).toBe(1);
    expect(row.doc).toEqual({ a: [1, 'x'] });
    expect(row.small).toBe(5);
    expect(row.flag).toBe(true);
    expect(row.nothing).toBeNull();
    await expect(db.query('SELECT 9007199254740993::int8 AS too_big')).rejects.toThrow(/safe integer/);
  });

  it('returns the same values from a prepared (parameterized) statement as from an unprepared one', async () => {
    const select = (id: string) => `SELECT ${id}::int AS id, 12.50::numeric AS amount, '2026-03-02'::date AS day,
      '2026-03-02T10:00:00.123Z'::timestamptz AS at, 9007199254740991::int8 AS big, '{"a":[1,"x"]}'::jsonb AS doc,
      true AS flag, NULL::numeric AS nothing, ARRAY['x','y'] AS list, '\\x01ff'::bytea AS bytes`;
    const unprepared = (await db.query(select('7'))).rows[0];
    for (let i = 0; i < 3; i++) expect((await db.query(select('$1'), [7])).rows[0]).toEqual(unprepared);
    const inTx = await db.transaction(async (tx) => (await tx.query(select('$1'), [7])).rows[0]);
    expect(inTx).toEqual(unprepared);
    // Parameters of every kind the code passes, serialized as the unprepared path does.
    const echo = 'SELECT $1::timestamptz AS at, $2::numeric AS n, $3::jsonb AS doc, $4::text[] AS list, $5::boolean AS flag, $6::uuid AS id';
    const params = [new Date('2026-05-06T07:08:09.010Z'), '1.005', JSON.stringify({ k: [1] }), ['a', 'b'], false, '01a1fe5e-4712-77be-8374-884001cd2402'];
    const first = (await db.query(echo, params)).rows[0];
    expect(first).toEqual({ at: params[0], n: '1.005', doc: { k: [1] }, list: ['a', 'b'], flag: false, id: params[5] });
    expect((await db.query(echo, params)).rows[0]).toEqual(first);
  });

  it('reports a failing prepared statement as the database error it is, and keeps working', async () => {
    await expect(db.query('SELECT nope FROM things WHERE id = $1', [1])).rejects.toMatchObject({ code: '42703' });
    await db.query('INSERT INTO things (id, n) VALUES ($1, $2)', [900, 1]);
    await expect(db.query('INSERT INTO things (id, n) VALUES ($1, $2)', [900, 1])).rejects.toMatchObject({ code: '23505', constraint: 'things_pkey' });
    await expect(db.transaction(async (tx) => tx.query('INSERT INTO things (id, n) VALUES ($1, $2)', [900, 1]))).rejects.toMatchObject({ code: '23505' });
    // A statement first prepared in a transaction that rolled back is still usable afterwards.
    await expect(db.transaction(async (tx) => {
      await tx.query('SELECT n FROM things WHERE id = $1 AND n >= $2', [900, 0]);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect((await db.query('SELECT n FROM things WHERE id = $1 AND n >= $2', [900, 0])).rows).toEqual([{ n: 1 }]);
    await db.query('DELETE FROM things WHERE id = $1', [900]);
  });

  it('accepts Date and JSON-text parameters the same way', async () => {
    const at = new Date('2026-05-06T07:08:09.010Z');
    const r = await db.query<{ at: Date; doc: unknown }>('SELECT $1::timestamptz AS at, $2::jsonb AS doc', [at, JSON.stringify([1, { b: 2 }])]);
    expect(r.rows[0]!.at.toISOString()).toBe(at.toISOString());
    expect(r.rows[0]!.doc).toEqual([1, { b: 2 }]);
  });

  it('commits a transaction and reports rowCount', async () => {
    const out = await db.transaction(async (tx) => {
      const ins = await tx.query('INSERT INTO things (id, n) VALUES (1, 0), (2, 0)');
      expect(ins.rowCount).toBe(2);
      return 'done';
    });
    expect(out).toBe('done');
    expect((await db.query('SELECT * FROM things')).rows).toHaveLength(2);
  });

  it('rolls back everything when fn throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO things (id, n) VALUES (3, 0)');
        await tx.query('UPDATE things SET n = 99');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const r = await db.query<{ id: number; n: number }>('SELECT id, n FROM things ORDER BY id');
    expect(r.rows).toEqual([{ id: 1, n: 0 }, { id: 2, n: 0 }]);
  });

  it('rolls back after a failed statement too', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('UPDATE things SET n = 7');
        await tx.query('INSERT INTO things (id, n) VALUES (1, 0)'); // duplicate key
      }),
    ).rejects.toThrow();
    expect((await db.query<{ n: number }>('SELECT max(n) AS n FROM things')).rows[0]!.n).toBe(0);
  });

  it('runs concurrent read-modify-write transactions without losing updates', async () => {
    // Each transaction reads n, yields, then writes n+1. Interleaving would lose increments.
    // PGlite serializes whole transactions; on PostgreSQL the row lock (FOR UPDATE) does.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const r = await tx.query<{ n: number }>('SELECT n FROM things WHERE id = 1 FOR UPDATE');
          await new Promise((res) => setTimeout(res, 1));
          await tx.query('UPDATE things SET n = $1 WHERE id = 1', [r.rows[0]!.n + 1]);
        }),
      ),
    );
    expect((await db.query<{ n: number }>('SELECT n FROM things WHERE id = 1')).rows[0]!.n).toBe(20);
  });

  it.runIf(engine === 'pglite')('never interleaves statements of two PGlite transactions', async () => {
    const events: string[] = [];
    const run = (name: string) =>
      db.transaction(async (tx) => {
        events.push(`${name}:begin`);
        await tx.query('SELECT 1');
        await new Promise((res) => setTimeout(res, 5));
        await tx.query('SELECT 2');
        events.push(`${name}:end`);
      });
    await Promise.all([run('a'), run('b'), run('c'), db.query('SELECT 3').then(() => events.push('q'))]);
    for (let i = 0; i < events.length; i++) {
      if (events[i]!.endsWith(':begin')) expect(events[i + 1]).toBe(events[i]!.replace('begin', 'end'));
    }
  });

  it.runIf(engine === 'postgres')('prepares a parameterized statement once per connection and reuses it', async () => {
    const sql = 'SELECT n FROM things WHERE id = $1';
    const seen = await db.transaction(async (tx) => {
      await tx.query(sql, [1]);
      await tx.query(sql, [2]);
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1', [sql])).rows[0]!.n;
    });
    expect(seen).toBe(1);
  });

  it('runs a prepared statement again, unnamed, after a migration changed its row type', async () => {
    await db.exec('CREATE TABLE shifting (id integer PRIMARY KEY, a text)');
    await db.exec("INSERT INTO shifting VALUES (1, 'x')");
    const sql = 'SELECT * FROM shifting WHERE id = $1';
    // On PostgreSQL every pooled connection prepares it, so the next use meets the stale plan whichever it gets.
    await Promise.all(Array.from({ length: 12 }, () => db.query(sql, [1])));
    await db.exec("ALTER TABLE shifting ADD COLUMN b text NOT NULL DEFAULT 'y'");
    const r = await db.query<{ id: number; a: string; b: string }>(sql, [1]);
    expect(r.rows).toEqual([{ id: 1, a: 'x', b: 'y' }]);
    expect((await db.query(sql, [1])).rows).toEqual([{ id: 1, a: 'x', b: 'y' }]);
  });

  it('refuses db.query inside db.transaction (deadlock on PGlite, escape on PostgreSQL)', async () => {
    await expect(db.transaction(async () => db.query('SELECT 1'))).rejects.toThrow(/use the tx argument/);
    await expect(db.transaction(async () => db.transaction(async () => 1))).rejects.toThrow(/use the tx argument/);
    // The Db still works afterwards.
    expect((await db.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
  });
});

describe.each(engines())('migrations on %s', (engine) => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t?.close());

  it('applies every migration once; running again is harmless', async () => {
    const first = await migrate(t.db);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    expect(first.applied[0]).toBe('0001_core');
    const second = await migrate(t.db);
    expect(second).toEqual({ applied: [], changed: [] });
    const rows = await t.db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.rows.map((r) => r.id)).toEqual(readMigrations().map((m) => m.id));
    const tables = await t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['tenants', 'api_keys', 'idempotency_keys', 'schema_migrations']));
  });

  it('rolls back a failing migration together with its bookkeeping row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finos-mig-'));
    writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE mig_ok (id int);');
    writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE mig_bad (id int); SELECT nonsense FROM nowhere;');
    // A separate database or schema so the real migrations' rows do not interfere.
    const probe = await openTestDb(engine);
    const other = probe.db;
    try {
      await expect(migrate(other, dir)).rejects.toThrow();
      const applied = await other.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id');
      expect(applied.rows.map((r) => r.name)).toEqual(['0001_ok']);
      const bad = await other.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'mig_bad' AND table_schema = current_schema()`);
      expect(bad.rows).toHaveLength(0);
      writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE mig_ok (id int); -- edited');
      writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE mig_bad (id int);');
      expect(await migrate(other, dir)).toEqual({ applied: ['0002_bad'], changed: ['0001_ok'] });
    } finally {
      await probe.close();
    }
  });

  it.runIf(engine === 'postgres')('is safe when several processes migrate one schema at once', async () => {
    const fresh = await openTestDb('postgres');
    try {
      const pools = await Promise.all([fresh.reopen(), fresh.reopen(), fresh.reopen()]);
      const results = await Promise.all([fresh.db, ...pools].map((d) => migrate(d)));
      const applied = results.flatMap((r) => r.applied);
      expect(applied.sort()).toEqual(readMigrations().map((m) => m.name).sort());
      const rows = await fresh.db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
      expect(rows.rows[0]!.n).toBe(readMigrations().length);
    } finally {
      await fresh.close();
    }
  });
});
