// Prepared statements on PGlite are planned for the tables as they are when they run. PGlite has
// no autovacuum, so a generic plan cached while a table was tiny was never replaced: the user read
// kept scanning a tenant's users through the phone index, filtered by id, as the tenant grew.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { approvedUser } from '../identity/support.ts';

describe('prepared statements on PGlite', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine: 'pglite' });
  });
  afterAll(() => app?.close());

  it('read a user by its key as the tenant grows, never through another index', async () => {
    const user = await approvedUser(app);
    // More reads than the five custom plans after which Postgres may settle on a generic one.
    for (let i = 0; i < 8; i++) expect((await app.request('GET', `/v1/users/${user.id}`)).status).toBe(200);
    await app.db.exec(`INSERT INTO users SELECT (jsonb_populate_record(u, jsonb_build_object(
        'id', gen_random_uuid(), 'phone_number', '1804' || lpad(g::text, 7, '0'), 'email_address', 'grow' || g || '@example.com'))).*
      FROM users u, generate_series(1, 3000) AS g WHERE u.id = '${user.id}'`);
    expect((await app.request('GET', `/v1/users/${user.id}`)).status).toBe(200);
    const { rows } = await app.db.query<{ name: string; statement: string }>(
      `SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE 'SELECT * FROM users WHERE tenant_id = $1 AND id = $2%'`);
    expect(rows.length).toBeGreaterThan(0);
    const plan = (await app.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${rows[0]!.name}('${app.keys.tenantId}', '${user.id}')`))
      .rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/users_pkey/);
  });
});
