// How long after a writer sends a cache invalidation another instance's Db has it (README,
// "What a request does not ask the database"): `npx tsx bench/notify-latency.ts`. Two Dbs on one
// PostgreSQL schema; the time runs from before the writer's pg_notify to the listener's epoch
// change, so it includes the writer's round trip. Other NOTIFY traffic on the database would
// shorten it: run it on a quiet database.
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { scopeOf, tenantChanged } from '../server/db/invalidation.ts';
import { openDb } from '../server/db/open.ts';
import { benchPgUrl } from './harness.ts';

const N = 300;
const url = benchPgUrl();
const schema = `finos_notify_${process.pid}`;
const cfg = { databaseUrl: url, databaseSchema: schema, dataDir: 'memory://' };
const writer = await openDb(cfg);
const reader = await openDb(cfg);
try {
  await reader.listenForInvalidations!();
  const scope = scopeOf(reader)!;
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const epoch = scope.epoch;
    const t0 = performance.now();
    await tenantChanged(writer, randomUUID());
    while (scope.epoch === epoch) await new Promise((r) => setImmediate(r));
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`invalidation seen by the other instance: median ${ms[Math.floor(N / 2)]!.toFixed(2)} ms, p99 ${ms[Math.floor(N * 0.99)]!.toFixed(2)} ms (${N} changes)`);
} finally {
  await writer.close();
  await reader.close();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
