// Webhook delivery throughput: events queued through the outbox, then delivered by the worker
// to a local receiver that answers 200 at once; events/s over the delivery phase only, on PGlite
// and (when reachable) PostgreSQL. bench/run.ts calls benchWebhooks(); `tsx bench/webhooks.ts` prints it.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pino } from 'pino';
import type { Db } from '../server/db/db.ts';
import { migrate } from '../server/db/migrate.ts';
import { openPglite } from '../server/db/pglite.ts';
import { openPostgres } from '../server/db/postgres.ts';
import { createWorker } from '../server/jobs/worker.ts';
import { createSecrets } from '../server/security/secrets.ts';
import { emitEvent } from '../server/services/events.ts';
import { createTenant } from '../server/services/tenants.ts';
import { createWebhook } from '../server/services/webhooks.ts';
import { benchPgUrl, type Row } from './harness.ts';


const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 3000);
const WEBHOOKS = 4;

async function receiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => n,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

async function runOne(engine: 'pglite' | 'postgres', db: Db): Promise<Row> {
  await migrate(db);
  const secrets = createSecrets(randomBytes(32));
  const { tenant_id: tenantId } = await createTenant(db, secrets, { name: 'bench', env: 'sandbox' });
  const r = await receiver();
  const c = { tenantId, env: 'sandbox' as const, secrets, clock: { now: () => new Date() } };
  // Several endpoints, as a tenant with a few services would have; each event goes to one.
  const hooks = [];
  for (let i = 0; i < WEBHOOKS; i++) {
    hooks.push(await db.transaction((tx) => createWebhook(tx, c, { name: `bench ${i}`, config: { url: r.url }, events: [`ordertransition.${['new', 'accepted', 'filled', 'canceled'][i]}`] })));
  }
  const types = ['ordertransition.new', 'ordertransition.accepted', 'ordertransition.filled', 'ordertransition.canceled'];
  for (let i = 0; i < EVENTS; i += 100) {
    await db.transaction(async (tx) => {
      for (let j = i; j < Math.min(i + 100, EVENTS); j++) {
        await emitEvent(tx, { tenantId, type: types[j % types.length]!, object: { id: `order_${j}`, symbol: 'AAPL', quantity: '1.5', status: 'new' }, previousStatus: null, now: new Date() });
      }
    });
  }
  const worker = createWorker({ db, secrets, env: 'sandbox', log: pino({ level: 'silent' }) });
  const started = performance.now();
  await worker.runOnce();
  const seconds = (performance.now() - started) / 1000;
  const stats = await db.query<{ failed: number; p99: number }>(
    `SELECT count(*) FILTER (WHERE status <> 'succeeded')::int AS failed,
            coalesce(percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms), 0)::int AS p99
       FROM webhook_deliveries`);
  await worker.stop();
  await r.close();
  return {
    scenario: `webhook deliveries (events/s, ${EVENTS} events)`,
    engine,
    rps: r.count() / seconds,
    p99_ms: stats.rows[0]!.p99,
    ratio: null,
    errors: stats.rows[0]!.failed + Math.max(0, EVENTS - r.count()),
  };
}

export async function benchWebhooks(): Promise<Row[]> {
  const rows: Row[] = [];
  const lite = await openPglite('memory://');
  try {
    rows.push(await runOne('pglite', lite));
  } finally {
    await lite.close();
  }
  const url = benchPgUrl();
  const schema = `finos_bench_webhooks_${process.pid}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await admin.connect();
  } catch {
    console.error(`PostgreSQL not reachable at ${url}: webhook PostgreSQL row skipped`);
    return rows;
  }
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const db = await openPostgres({ url, schema, max: 20 });
    try {
      rows.push(await runOne('postgres', db));
    } finally {
      await db.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchWebhooks()) console.log(`${r.scenario} | ${r.engine} | ${r.rps.toFixed(0)}/s | p99 ${r.p99_ms} ms | errors ${r.errors}`);
}
