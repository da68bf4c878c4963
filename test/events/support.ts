// Fixtures for the worker-level event tests, on the core harness's engines: a migrated database
// (openTestDb), a tenant with keys, a quiet logger, and a way to move the tenant's clock.
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createSecrets, type Secrets } from '../../server/security/secrets.ts';
import { createTenant, type CreatedTenant } from '../../server/services/tenants.ts';
import { engines, openTestDb, type Engine } from '../helpers/app.ts';
import { tenantChanged } from '../../server/db/invalidation.ts';

export type { Engine };
export const ENGINES = engines();
export const PG_URL = process.env.FINOS_TEST_DATABASE_URL ?? null;

export interface Fixture {
  db: Db;
  secrets: Secrets;
  masterKey: Buffer;
  tenant: CreatedTenant;
  log: Logger;
  schema: string | null;
  close(): Promise<void>;
}

export async function fixture(engine: Engine, env: 'sandbox' | 'production' = 'sandbox'): Promise<Fixture> {
  const t = await openTestDb(engine);
  await migrate(t.db);
  const masterKey = randomBytes(32);
  const secrets = createSecrets(masterKey);
  const tenant = await createTenant(t.db, secrets, { name: 'events-test', env });
  return { db: t.db, secrets, masterKey, tenant, schema: t.schema, log: pino({ level: 'silent' }) as Logger, close: t.close };
}

/** Moves the tenant's clock forward by `ms` (what the sandbox clock endpoint does). */
export async function advanceTenantClock(db: Db, tenantId: string, ms: number): Promise<void> {
  await db.query(
    `UPDATE tenants SET clock_offset_ms = clock_offset_ms + $2,
            clock_frozen_at = clock_frozen_at + $2 * interval '1 millisecond' WHERE id = $1`,
    [tenantId, ms]);
  await tenantChanged(db, tenantId);
}

/** Polls until `check` holds (background workers deliver on their own schedule). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
