// Two real `finos serve` processes on one PostgreSQL schema share the delivery queue: every
// attempt reaches the receiver exactly once, first attempts and retries alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createSecrets } from '../../server/security/secrets.ts';
import { emitEvent } from '../../server/services/events.ts';
import { createTenant } from '../../server/services/tenants.ts';
import { createWebhook } from '../../server/services/webhooks.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { openTestDb } from '../helpers/app.ts';
import { advanceTenantClock, ENGINES, PG_URL, until } from './support.ts';
import { freePort } from '../helpers/prism.ts';

const root = resolve(import.meta.dirname, '../..');
const EVENTS = 300;


describe.skipIf(!ENGINES.includes('postgres'))('two server processes on one PostgreSQL', () => {
  const servers: ChildProcess[] = [];
  let db: Db;
  let receiver: Receiver;
  let closeDb: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    const t = await openTestDb('postgres');
    db = t.db;
    closeDb = t.close;
    const masterKey = randomBytes(32);
    await migrate(db);
    const secrets = createSecrets(masterKey);
    tenantId = (await createTenant(db, secrets, { name: 'two-processes', env: 'sandbox' })).tenant_id;
    // The first request for each event fails, later ones succeed: every event is tried exactly twice.
    const seen = new Set<string>();
    receiver = await startReceiver((r) => {
      const id = String(r.headers['x-finos-event-id']);
      if (seen.has(id)) return { status: 200 };
      seen.add(id);
      return { status: 500 };
    });
    await db.transaction((tx) => createWebhook(tx, {
      tenantId, env: 'sandbox', secrets, clock: { now: () => new Date() },
    }, { name: 'counter', config: { url: receiver.url } }));

    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'server/cli.ts'), 'serve'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env, PORT: String(port), HOST: '127.0.0.1', FINOS_ENV: 'sandbox', LOG_LEVEL: 'warn',
          DATABASE_URL: PG_URL!, FINOS_DATABASE_SCHEMA: t.schema!, FINOS_MASTER_KEY: masterKey.toString('hex'),
        },
      });
      servers.push(child);
      await until(`server ${i} on ${port}`, async () => {
        if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
        return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      }, 60_000);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((c) => new Promise<void>((ok) => {
      if (c.exitCode !== null) return ok();
      c.once('exit', () => ok());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
    })));
    await receiver?.close();
    await closeDb?.();
  });

  it('sends each attempt exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const e = await db.transaction((tx) => emitEvent(tx, {
        tenantId, type: 'deposittransition.complete', object: { id: `dep_${i}`, status: 'complete' }, previousStatus: 'pending', now: new Date(),
      }));
      ids.push(e.id);
    }
    await until('first attempts', () => receiver.received.length >= EVENTS);
    await new Promise((r) => setTimeout(r, 1_000)); // time for any duplicate to show up
    expect(receiver.received).toHaveLength(EVENTS);
    expect([...receiver.countByEvent().values()].every((n) => n === 1)).toBe(true);

    await advanceTenantClock(db, tenantId, 3600_000);
    await until('retries', () => receiver.received.length >= 2 * EVENTS);
    await until('retries recorded', async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`)).rows[0]!.n === EVENTS);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received).toHaveLength(2 * EVENTS);
    const counts = receiver.countByEvent();
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    const attempts = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_delivery_attempts');
    expect(attempts.rows[0]!.n).toBe(2 * EVENTS);
  }, 120_000);
});
