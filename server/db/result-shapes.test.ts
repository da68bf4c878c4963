// ShapedQuery reuses a named statement's column parsers only while PostgreSQL describes the same
// columns: a connection that prepares the statement after a migration gets its own shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { engines } from '../../test/helpers/app.ts';
import { quoteIdent, ResultShapes, runShaped, ShapedQuery } from './postgres.ts';
import { parsers } from './types.ts';

const url = process.env.FINOS_TEST_DATABASE_URL ?? '';
const schema = `finos_shapes_${process.pid}`;
const types = {
  getTypeParser(oid: number, format?: string) {
    return parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text');
  },
};

describe.skipIf(!engines().includes('postgres'))('ShapedQuery on PostgreSQL', () => {
  const clients: pg.Client[] = [];
  const client = async () => {
    const c = new pg.Client({ connectionString: url, types, options: `-c search_path=${schema}` });
    await c.connect();
    clients.push(c);
    return c;
  };
  const shapes = new ResultShapes();
  const sql = 'SELECT * FROM t WHERE id = $1';
  const run = (c: pg.Client) => runShaped(c as unknown as pg.PoolClient, new ShapedQuery('shaped_t', sql, [1], shapes));

  beforeAll(async () => {
    const admin = await client();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE; CREATE SCHEMA ${quoteIdent(schema)}`);
    await admin.query('CREATE TABLE t (id int PRIMARY KEY, v int, at timestamptz)');
    await admin.query(`INSERT INTO t VALUES (1, 5, '2026-01-02T03:04:05Z')`);
  });
  afterAll(async () => {
    await clients[0]?.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    for (const c of clients) await c.end();
  });

  it('parses every run of a statement alike, the first and the reused', async () => {
    const a = await client();
    const first = await run(a);
    const again = await run(a);
    expect(first.rows).toEqual([{ id: 1, v: 5, at: new Date('2026-01-02T03:04:05Z') }]);
    expect(again.rows).toEqual(first.rows);
    expect(again.fields.map((f) => f.name)).toEqual(['id', 'v', 'at']);
  });

  it('describes a changed column type afresh on a connection that prepares the statement after it', async () => {
    await clients[0]!.query('ALTER TABLE t ALTER COLUMN v TYPE numeric(10, 2)');
    const b = await client();
    const { rows } = await run(b);
    // numeric reads as a decimal string; the int parser kept from before would give 5.
    expect(rows).toEqual([{ id: 1, v: '5.00', at: new Date('2026-01-02T03:04:05Z') }]);
  });

  it('describes a renamed column afresh (same count and types)', async () => {
    await clients[0]!.query('ALTER TABLE t RENAME COLUMN v TO amount');
    const { rows } = await run(await client());
    expect(rows).toEqual([{ id: 1, amount: '5.00', at: new Date('2026-01-02T03:04:05Z') }]);
  });

  it('describes an added column afresh', async () => {
    await clients[0]!.query(`ALTER TABLE t ADD COLUMN note text DEFAULT 'n'`);
    const { rows } = await run(await client());
    expect(rows).toEqual([{ id: 1, amount: '5.00', at: new Date('2026-01-02T03:04:05Z'), note: 'n' }]);
  });
});
