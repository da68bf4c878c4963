// Two instances on one PostgreSQL: a sandbox clock advance answers only once every webhook
// delivery it caused has been attempted, including those the other instance's worker claimed.
// The receiver is slow, so while the advancing instance sends its share (at most 8 per webhook
// at once), the other instance's poll claims the rest and is still sending them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openDb } from '../../server/db/open.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { customer, newTenant, ny } from '../money/support.ts';
import { tradingTuesday } from '../orders/support.ts';

const DEPOSITS = 16;
const ANSWER_AFTER_MS = 1000;

describe.runIf(engines().includes('postgres'))('sandbox clock advance with two instances on one PostgreSQL', () => {
  let app: TestApp;
  let second: RunningServer;
  let secondDb: Db;
  let receiver: http.Server;
  const received: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ engine: 'postgres' });
    secondDb = await openDb(app.config);
    second = await startServer(app.config, { db: secondDb, log: pino({ level: 'error' }, pino.destination(2)) });
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => {
        received.push(String(req.headers['x-finos-event-id']));
        res.writeHead(200).end();
      }, ANSWER_AFTER_MS));
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    await second?.close();
    await secondDb?.close();
    await app?.close();
    await new Promise((r) => receiver?.close(r));
  });

  it('waits for the deliveries the other instance claimed', { timeout: 120_000 }, async () => {
    const t = await newTenant(app);
    const days = tradingTuesday();
    await t.advance(ny(days.monday, '10:00'));
    const { account, bank } = await customer(t);
    const hook = await t.req('POST', '/v1/webhooks', {
      name: 'settlements', events: ['deposittransition.complete'],
      config: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` },
    });
    expect(hook.status, hook.text).toBe(201);
    for (let i = 0; i < DEPOSITS; i++) {
      const d = await t.req('POST', '/v1/deposits', { account_id: account.id, bank_account_id: bank.id, amount: '1.00' });
      expect(d.status, d.text).toBe(201);
    }
    const states = () => app.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE tenant_id = $1 GROUP BY status ORDER BY status`, [t.tenantId]);
    expect((await states()).rows).toEqual([]);

    // Every deposit settles at Tuesday's open: one event each, all due at once.
    const advanced = await t.advance(ny(days.tuesday, '10:00'));
    expect(advanced.body.processed.settlements).toBe(DEPOSITS);
    expect((await states()).rows).toEqual([{ status: 'succeeded', n: DEPOSITS }]);
    expect(received).toHaveLength(DEPOSITS);
    expect(new Set(received).size).toBe(DEPOSITS);
    const attempts = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_delivery_attempts WHERE tenant_id = $1', [t.tenantId]);
    expect(attempts.rows[0]!.n).toBe(DEPOSITS);
  });
});
