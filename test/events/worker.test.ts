// Worker-level scenarios for the outbox and webhook delivery, on both engines: fan-out,
// atomicity, signatures, retries in tenant time, pausing, misbehaving receivers, SSRF at send time.
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from '../../server/services/events.ts';
import { createWebhook, updateWebhook } from '../../server/services/webhooks.ts';
import { createWorker } from '../../server/jobs/worker.ts';
import type { Resolver } from '../../server/security/ssrf.ts';
import { fixedClock } from '../../server/domain/clock.ts';
import { advanceTenantClock, ENGINES, fixture, type Fixture } from './support.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { ALL_TENANTS, tenantChanged } from '../../server/db/invalidation.ts';

const user = (status: string) => ({ id: '0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f', status, first_name: 'Ada' });

describe.each(ENGINES)('webhook delivery on %s', (engine) => {
  let f: Fixture;
  const receivers: Receiver[] = [];
  const receiver = async (behave?: Receiver['behave']) => {
    const r = await startReceiver(behave);
    receivers.push(r);
    return r;
  };
  const ctx = () => ({ tenantId: f.tenant.tenant_id, env: 'sandbox' as const, secrets: f.secrets, clock: { now: () => new Date() } });
  const worker = (extra: { resolver?: Resolver; env?: 'sandbox' | 'production'; timeoutMs?: number } = {}) =>
    createWorker({
      db: f.db, secrets: f.secrets, env: extra.env ?? 'sandbox', log: f.log,
      ...(extra.resolver ? { resolver: extra.resolver } : {}),
      post: { timeoutMs: extra.timeoutMs ?? 10_000 },
    });
  const hook = (url: string, events = ['*'], more: Record<string, unknown> = {}) =>
    f.db.transaction((tx) => createWebhook(tx, ctx(), { name: 'test', config: { url, ...more }, events }));
  const emit = (type = 'usertransition.approved', now = new Date()) =>
    f.db.transaction((tx) => emitEvent(tx, { tenantId: f.tenant.tenant_id, type, object: user(type.split('.')[1]!), previousStatus: 'pending', now }));
  const deliveries = async (webhookId: string) =>
    (await f.db.query<Record<string, unknown>>('SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id', [webhookId])).rows;

  beforeAll(async () => {
    f = await fixture(engine);
  });
  afterEach(async () => {
    while (receivers.length) await receivers.pop()!.close();
    await f.db.query('DELETE FROM webhooks');
    await f.db.query('UPDATE tenants SET clock_offset_ms = 0, clock_frozen_at = NULL');
    await tenantChanged(f.db, ALL_TENANTS);
  });
  afterAll(async () => {
    await f.close();
  });

  it('delivers a signed event with basic auth, and both signatures verify with node:crypto', async () => {
    const r = await receiver();
    const w = await hook(r.url, ['usertransition.*'], { basic_auth_username: 'finos_user', basic_auth_password: 'finos_passwd' });
    const event = await emit();
    await worker().runOnce();
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    const key = f.tenant.secret_key.replace(/^sk_/, '');
    expect(got.headers['x-request-signature']).toBe(createHmac('sha1', key).update(got.body).digest('hex'));
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got.headers['x-finos-signature']))!;
    expect(v1).toBe(createHmac('sha256', key).update(`${t}.${got.body}`).digest('hex'));
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(5);
    expect(got.headers.authorization).toBe('Basic ' + Buffer.from('finos_user:finos_passwd').toString('base64'));
    expect(got.headers['user-agent']).toBe('Finos-Webhooks/1.0');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-finos-event-id']).toBe(event.id);
    expect(got.headers['x-finos-event-type']).toBe('usertransition.approved');
    expect(JSON.parse(got.body)).toEqual(event);
    const [d] = await deliveries(w.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 1, http_status: 200, next_attempt_at: null, last_error: null });
  });

  it('fans out by pattern to active webhooks only', async () => {
    const r = await receiver();
    const family = await hook(r.url, ['usertransition.*']);
    const exact = await hook(r.url, ['kyctransition.approved']);
    const all = await hook(r.url, ['*']);
    const paused = await hook(r.url, ['*']);
    await f.db.transaction((tx) => updateWebhook(tx, ctx(), paused.id, { active: false }));
    await emit('usertransition.approved');
    await emit('kyctransition.approved');
    await emit('kyctransition.rejected');
    expect((await deliveries(family.id)).map((d) => d.event_type)).toEqual(['usertransition.approved']);
    expect((await deliveries(exact.id)).map((d) => d.event_type)).toEqual(['kyctransition.approved']);
    expect(await deliveries(all.id)).toHaveLength(3);
    expect(await deliveries(paused.id)).toHaveLength(0);
  });

  it('leaves no event and no delivery when the transaction rolls back', async () => {
    const r = await receiver();
    const w = await hook(r.url);
    const before = (await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    await expect(f.db.transaction(async (tx) => {
      await emitEvent(tx, { tenantId: f.tenant.tenant_id, type: 'deposittransition.complete', object: { id: 'x' }, previousStatus: 'pending', now: new Date() });
      throw new Error('the state change failed');
    })).rejects.toThrow('the state change failed');
    expect((await f.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n).toBe(before);
    expect(await deliveries(w.id)).toHaveLength(0);
    await worker().runOnce();
    expect(r.received).toHaveLength(0);
  });

  it('retries on the tenant clock until the receiver recovers', async () => {
    const r = await receiver((_req, n) => ({ status: n <= 2 ? 500 : 200 }));
    const w = await hook(r.url);
    await emit();
    const wk = worker();
    await wk.runOnce();
    let [d] = await deliveries(w.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, http_status: 500, last_error: 'HTTP 500' });
    const delay = (d!.next_attempt_at as Date).getTime() - Date.now();
    expect(delay).toBeGreaterThan(25_000);
    expect(delay).toBeLessThan(37_000);
    await wk.runOnce();
    expect(r.received).toHaveLength(1); // not due yet

    await advanceTenantClock(f.db, f.tenant.tenant_id, 60_000);
    await wk.runOnce();
    [d] = await deliveries(w.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, http_status: 500 });

    await advanceTenantClock(f.db, f.tenant.tenant_id, 6 * 3600_000); // a six-hour outage, in no time
    await wk.runOnce();
    [d] = await deliveries(w.id);
    expect(d).toMatchObject({ status: 'succeeded', attempts: 3, http_status: 200, next_attempt_at: null, last_error: null });
    expect(r.received.map((x) => x.headers['x-finos-event-id'])).toEqual(Array(3).fill(r.received[0]!.headers['x-finos-event-id']));
    const attempts = await f.db.query('SELECT attempt, http_status FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt', [d!.id]);
    expect(attempts.rows).toEqual([{ attempt: 1, http_status: 500 }, { attempt: 2, http_status: 500 }, { attempt: 3, http_status: 200 }]);
  });

  it('gives up 3 days after the event', async () => {
    const r = await receiver(() => ({ status: 503 }));
    const w = await hook(r.url);
    await emit();
    const wk = worker();
    for (let i = 0; i < 40; i++) {
      await wk.runOnce();
      const [d] = await deliveries(w.id);
      if (d!.status === 'failed') break;
      await advanceTenantClock(f.db, f.tenant.tenant_id, 8 * 3600_000);
    }
    const [d] = await deliveries(w.id);
    expect(d).toMatchObject({ status: 'failed', next_attempt_at: null, last_error: 'HTTP 503' });
    expect(d!.attempts as number).toBeGreaterThanOrEqual(9);
  });

  it('sends nothing more to a paused webhook', async () => {
    const r = await receiver();
    const w = await hook(r.url);
    await emit();
    await f.db.transaction((tx) => updateWebhook(tx, ctx(), w.id, { active: false }));
    await emit();
    await worker().runOnce();
    expect(r.received).toHaveLength(0);
    const rows = await deliveries(w.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failed', last_error: 'webhook disabled', next_attempt_at: null });
  });

  it('closes deliveries of a webhook paused after they were queued but before the claim', async () => {
    const r = await receiver();
    const w = await hook(r.url);
    await emit();
    // Simulates an emit that committed after the pause cancelled the pending rows.
    await f.db.query('UPDATE webhooks SET active = false WHERE id = $1', [w.id]);
    await worker().runOnce();
    expect(r.received).toHaveLength(0);
    expect((await deliveries(w.id))[0]).toMatchObject({ status: 'failed', last_error: 'webhook disabled' });
  });

  it('keeps delivering to healthy receivers while others hang, fail, flood or reset', async () => {
    const good = await receiver();
    const hang = await receiver(() => ({ hang: true }));
    const fail = await receiver(() => ({ status: 500 }));
    const huge = await receiver(() => ({ huge: true }));
    const reset = await receiver(() => ({ reset: true }));
    const hooks = {
      hang: await hook(hang.url), fail: await hook(fail.url), huge: await hook(huge.url), reset: await hook(reset.url),
    };
    for (let i = 0; i < 5; i++) await emit();
    const goodHook = await hook(good.url);
    const wk = createWorker({ db: f.db, secrets: f.secrets, env: 'sandbox', log: f.log, post: { timeoutMs: 3_000 } }, { perWebhookConcurrency: 2, concurrency: 8 });
    wk.start();
    try {
      await emit();
      await good.waitFor(1, 15_000);
      // Delivered while every attempt at the hung receiver is still open: none has timed out yet.
      expect((await deliveries(hooks.hang.id)).map((d) => d.last_error)).not.toContain('timeout after 3s');
    } finally {
      await wk.stop();
    }
    const last = async (id: string) => (await deliveries(id)).find((d) => (d.attempts as number) > 0)!;
    expect(await last(goodHook.id)).toMatchObject({ status: 'succeeded' });
    expect(await last(hooks.hang.id)).toMatchObject({ status: 'pending', http_status: null, last_error: 'timeout after 3s' });
    expect(await last(hooks.fail.id)).toMatchObject({ status: 'pending', http_status: 500, last_error: 'HTTP 500' });
    expect(await last(hooks.huge.id)).toMatchObject({ status: 'succeeded', http_status: 200 });
    expect((await last(hooks.huge.id)).duration_ms as number).toBeLessThan(3_000);
    expect(await last(hooks.reset.id)).toMatchObject({ status: 'pending', http_status: null, last_error: 'connection reset' });
  });

  it('re-checks the address at send time outside the sandbox (DNS rebinding)', async () => {
    const r = await receiver();
    let answer = '93.184.216.34';
    const resolver: Resolver = async () => [{ address: answer, family: 4 }];
    const hostUrl = r.url.replace('127.0.0.1', 'rebind.example');
    const w = await f.db.transaction((tx) =>
      createWebhook(tx, { ...ctx(), env: 'production', resolver }, { name: 'prod', config: { url: hostUrl.replace('http:', 'https:') } }));
    // Move it to http so the test receiver could answer if it were (wrongly) reached.
    await f.db.query('UPDATE webhooks SET url = $2 WHERE id = $1', [w.id, hostUrl]);
    answer = '127.0.0.1';
    await emit();
    await worker({ env: 'production', resolver }).runOnce();
    expect(r.received).toHaveLength(0);
    expect((await deliveries(w.id))[0]).toMatchObject({
      status: 'pending', http_status: null, last_error: expect.stringContaining('loopback'),
    });
  });

  it('signs with the newest unrevoked secret key', async () => {
    const r = await receiver();
    await hook(r.url);
    const { insertKey } = await import('../../server/services/tenants.ts');
    const newer = await f.db.transaction((tx) => insertKey(tx, f.secrets, f.tenant.tenant_id, 'secret', 'sandbox', 'rotated'));
    await emit();
    await worker().runOnce();
    const got = r.received[0]!;
    expect(got.headers['x-request-signature']).toBe(createHmac('sha1', newer.key.slice(3)).update(got.body).digest('hex'));
    await f.db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [newer.id]);
    await tenantChanged(f.db, f.tenant.tenant_id);
    await emit();
    await worker().runOnce();
    expect(r.received[1]!.headers['x-request-signature'])
      .toBe(createHmac('sha1', f.tenant.secret_key.slice(3)).update(r.received[1]!.body).digest('hex'));
  });

  it('records event times in the tenant clock', async () => {
    const at = new Date('2030-01-02T03:04:05.000Z');
    const r = await receiver();
    const w = await hook(r.url);
    const e = await emit('statement.created', fixedClock(at).now());
    expect(e.created_at).toBe('2030-01-02T03:04:05.000Z');
    expect((await deliveries(w.id))[0]!.created_at).toEqual(at);
  });
});
