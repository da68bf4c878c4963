import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type PgliteDb } from './pglite.ts';
import { isPureRead, SnapshotReads } from './snapshot-reads.ts';
import type { QueryResult } from './db.ts';

describe('isPureRead', () => {
  it('takes plain SELECTs and refuses what writes, locks or reads the clock, a sequence or chance', () => {
    expect(isPureRead('SELECT * FROM users WHERE tenant_id = $1 AND id = $2')).toBe(true);
    expect(isPureRead('  select a.*, (SELECT json_agg(x) FROM t x) FROM accounts a')).toBe(true);
    for (const sql of [
      'UPDATE users SET status = $1',
      'WITH x AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM x',
      'SELECT * FROM users WHERE id = $1 FOR UPDATE',
      'SELECT * FROM orders WHERE id = $1 FOR NO KEY UPDATE',
      'SELECT 1 FROM portfolios WHERE id = $1 FOR SHARE',
      "SELECT pg_notify('finos_cache', $1)",
      "SELECT pg_advisory_xact_lock(hashtext('x'))",
      "SELECT nextval('s')",
      'SELECT now()',
      'SELECT random()',
      'SELECT current_timestamp',
      'SELECT gen_random_uuid()',
      "SELECT current_setting('search_path')",
      'SELECT 1; DELETE FROM users',
      'EXPLAIN SELECT 1',
    ]) expect(isPureRead(sql), sql).toBe(false);
  });
});

describe('SnapshotReads', () => {
  const result = (n: number): QueryResult<{ n: number; j: { k: number } }> => ({ rows: [{ n, j: { k: n } }], rowCount: 1 });

  it('keeps a read until something changes the data, and gives each caller rows of its own', async () => {
    const s = new SnapshotReads();
    let runs = 0;
    const run = async () => result(++runs);
    const first = await s.read('SELECT n FROM t WHERE id = $1', ['a'], run);
    const second = await s.read('SELECT n FROM t WHERE id = $1', ['a'], run);
    expect(runs).toBe(1);
    expect(second.rows).toEqual(first.rows);
    second.rows[0]!.n = 99;
    expect(() => { second.rows[0]!.j.k = 5; }).toThrow(TypeError);
    expect((await s.read('SELECT n FROM t WHERE id = $1', ['a'], run)).rows[0]!.n).toBe(1);
    // Other parameters are another read.
    expect((await s.read('SELECT n FROM t WHERE id = $1', ['b'], run)).rows[0]!.n).toBe(2);
    s.changed();
    expect((await s.read('SELECT n FROM t WHERE id = $1', ['a'], run)).rows[0]!.n).toBe(3);
    expect([s.hits, s.misses]).toEqual([2, 3]);
  });

  it('does not keep a read that a write ended during', async () => {
    const s = new SnapshotReads();
    let runs = 0;
    const straddled = async () => {
      runs++;
      s.changed();
      return result(runs);
    };
    await s.read('SELECT n FROM t', [], straddled);
    await s.read('SELECT n FROM t', [], async () => result(++runs));
    expect(runs).toBe(2);
  });

  it('does not keep binary data, results over the row cap, or reads with parameters it cannot key', async () => {
    const s = new SnapshotReads({ maxRows: 2 });
    let runs = 0;
    const binary = async () => ({ rows: [{ pdf: new Uint8Array([++runs]) }], rowCount: 1 });
    await s.read('SELECT pdf FROM statements WHERE id = $1', ['x'], binary);
    await s.read('SELECT pdf FROM statements WHERE id = $1', ['x'], binary);
    expect(runs).toBe(2);
    const many = async () => ({ rows: [{ n: ++runs }, { n: 0 }, { n: 0 }], rowCount: 3 });
    await s.read('SELECT n FROM t', undefined, many);
    await s.read('SELECT n FROM t', undefined, many);
    expect(runs).toBe(4);
    const byObject = async () => result(++runs);
    await s.read('SELECT n FROM t WHERE j = $1', [{ a: 1 }], byObject);
    await s.read('SELECT n FROM t WHERE j = $1', [{ a: 1 }], byObject);
    expect(runs).toBe(6);
  });

  it('keeps at most maxEntries results, dropping the oldest', async () => {
    const s = new SnapshotReads({ maxEntries: 2 });
    let runs = 0;
    const run = async () => result(++runs);
    for (const id of ['a', 'b', 'c']) await s.read('SELECT n FROM t WHERE id = $1', [id], run);
    await s.read('SELECT n FROM t WHERE id = $1', ['c'], run);
    expect(runs).toBe(3);
    await s.read('SELECT n FROM t WHERE id = $1', ['a'], run);
    expect(runs).toBe(4);
  });
});

describe('snapshot reads on PGlite', () => {
  let db: PgliteDb;
  beforeAll(async () => {
    db = await openPglite('memory://');
    await db.exec('CREATE TABLE t (id text PRIMARY KEY, n numeric NOT NULL)');
    await db.query('INSERT INTO t VALUES ($1, $2)', ['a', '1.50']);
  });
  afterAll(() => db.close());

  const read = async () => (await db.query<{ n: string }>('SELECT n FROM t WHERE id = $1', ['a'])).rows[0]?.n;

  it('serves a repeated read from memory and sees every kind of write at once', async () => {
    const s = db.snapshots!;
    expect(await read()).toBe('1.50');
    const hits = s.hits;
    expect(await read()).toBe('1.50');
    expect(s.hits).toBe(hits + 1);

    await db.query('UPDATE t SET n = $2 WHERE id = $1', ['a', '2.00']);
    expect(await read()).toBe('2.00');
    await db.transaction(async (tx) => { await tx.query('UPDATE t SET n = $2 WHERE id = $1', ['a', '3.00']); });
    expect(await read()).toBe('3.00');
    await db.exec("UPDATE t SET n = 4 WHERE id = 'a'");
    expect(await read()).toBe('4');
    // A transaction that fails changes nothing, and the read still answers right after it.
    await expect(db.transaction(async (tx) => {
      await tx.query('UPDATE t SET n = $2 WHERE id = $1', ['a', '5.00']);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await read()).toBe('4');
  });

  it('reads inside a transaction go to the engine: they see the transaction\'s own writes', async () => {
    await read();
    const inside = await db.transaction(async (tx) => {
      await tx.query('UPDATE t SET n = $2 WHERE id = $1', ['a', '6.00']);
      return (await tx.query<{ n: string }>('SELECT n FROM t WHERE id = $1', ['a'])).rows[0]!.n;
    });
    expect(inside).toBe('6.00');
    expect(await read()).toBe('6.00');
  });

  it('is off when the engine is opened without it', async () => {
    const plain = await openPglite('memory://', { snapshotReads: false });
    try {
      expect(plain.snapshots).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
