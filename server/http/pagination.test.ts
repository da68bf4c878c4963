// listPage details that need no server: echoed filters, FINOS_PUBLIC_URL links, custom cursors.
import type { Request } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { ApiError } from '../errors.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from './pagination.ts';
import { openTestDb } from '../../test/helpers/app.ts';

function fakeReq(url: string, publicUrl: string | null = null): Request {
  return {
    originalUrl: url,
    protocol: 'http',
    get: (h: string) => (h.toLowerCase() === 'host' ? 'localhost:8080' : undefined),
    app: { locals: { finos: { config: { publicUrl } } } },
  } as unknown as Request;
}

describe('listPage', () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let db: Db;
  const ids: string[] = [];
  const tenant = uuidv7();
  beforeAll(async () => {
    t = await openTestDb('pglite');
    db = t.db;
    await db.exec('CREATE TABLE orders (order_id uuid PRIMARY KEY, tenant_id uuid NOT NULL, status text NOT NULL)');
    for (let i = 0; i < 5; i++) {
      const id = uuidv7();
      ids.push(id);
      await db.query('INSERT INTO orders VALUES ($1, $2, $3)', [id, tenant, i % 2 ? 'filled' : 'open']);
    }
  });
  afterAll(() => t?.close());

  const spec = (status: string) => ({ table: 'orders', where: 'tenant_id = $1 AND status = $2', params: [tenant, status], cursorColumn: 'order_id' });
  const toJson = (r: { order_id: string; status: string }) => ({ id: r.order_id, status: r.status });

  it('echoes filters, keeps them in links, and uses FINOS_PUBLIC_URL for the absolute ones', async () => {
    const page = await listPage(db, spec('open'), toJson, pageQuery(fakeReq('/v1/orders?status=open&limit=1', 'https://api.example.com')));
    expect(page.data).toEqual([{ id: ids[4], status: 'open' }]);
    expect(page.pagination).toMatchObject({
      status: 'open',
      limit: 1,
      next_page: `/v1/orders?status=open&limit=1&starting_after=${ids[4]}`,
      next_uri: `https://api.example.com/v1/orders?status=open&limit=1&starting_after=${ids[4]}`,
    });
  });

  it('falls back to the request host for absolute links', async () => {
    const page = await listPage(db, spec('filled'), toJson, pageQuery(fakeReq('/v1/orders?status=filled&limit=1')));
    expect(page.pagination.next_uri).toBe(`http://localhost:8080/v1/orders?status=filled&limit=1&starting_after=${ids[3]}`);
  });

  it('treats a cursor outside the filtered list as unknown', async () => {
    // ids[1] is "filled": not a valid cursor for the "open" list.
    const err = await listPage(db, spec('open'), toJson, pageQuery(fakeReq(`/v1/orders?starting_after=${ids[1]}`))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'bad_request', field: 'starting_after' });
  });

  it('lets filters be given explicitly', async () => {
    const page = await listPage(db, { ...spec('open'), filters: { status: 'open', symbol: null } }, toJson, pageQuery(fakeReq('/v1/orders')));
    expect(page.pagination).toMatchObject({ status: 'open', symbol: null });
    expect(page.data.map((o) => o.id)).toEqual([ids[4], ids[2], ids[0]]);
  });
});
