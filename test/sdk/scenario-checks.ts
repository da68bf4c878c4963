// The checks every SDK's run of the live scenario (scenario.md) must pass, on the lines the program
// printed and on the server's own records; each language's test adds what is its own (its error
// class, its decimal type, the fields only it prints).
import { expect } from 'vitest';
import type { Live, ScenarioRun } from './live.ts';

/** The steps of scenario.md, in the order a program prints them. */
export const STEPS = ['onboard', 'settle', 'paginate', 'not_found', 'replay', 'webhook', 'done'];
const UUID = /^[0-9a-f-]{36}$/;
type Step = Record<string, any>;

/** Exit 0, every step printed once, in order, ending with `done`. */
export function expectRanToEnd(run: ScenarioRun): void {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.steps.map((s) => s.step)).toEqual(STEPS);
}

/** onboard: an approved user, a pending deposit, and an account the server gives to that user. */
export async function expectOnboarded(live: Live, run: ScenarioRun): Promise<Step> {
  const s = run.step('onboard');
  expect(s).toMatchObject({ user_status: 'approved', deposit_status: 'pending' });
  for (const k of ['user_id', 'account_id', 'deposit_id']) expect(s[k], k).toMatch(UUID);
  const account = await live.app.request('GET', `/v1/accounts/${s.account_id}`);
  expect(account.status).toBe(200);
  expect(account.body.user_id).toBe(s.user_id);
  return s;
}

/** settle: the deposit complete, half a share bought and held, the order filled on the server too. */
export async function expectSettled(live: Live, run: ScenarioRun): Promise<Step> {
  const s = run.step('settle');
  expect(s).toMatchObject({ deposit_status: 'complete', order_status: 'filled' });
  expect(Number(s.filled_quantity)).toBe(0.5);
  expect(Number(s.position_quantity)).toBe(0.5);
  const order = await live.app.request('GET', `/v1/orders/${s.order_id}`);
  expect(order.body).toMatchObject({ status: 'filled', filled_quantity: s.filled_quantity, symbol: 'AAPL' });
  return s;
}

/** Every user of the tenant, counted by walking the server's pages. */
async function countUsers(live: Live): Promise<number> {
  let total = 0;
  for (let path: string | null = '/v1/users?limit=100'; path;) {
    const page: { status: number; body: any } = await live.app.request('GET', path);
    expect(page.status).toBe(200);
    total += page.body.data.length;
    path = page.body.pagination.next_page;
  }
  return total;
}

/**
 * paginate: more than 25 users listed, each once, and as many as the server had then: the replay
 * and webhook steps each create one user after this step counted. Run it before anything else
 * adds a user (the README quick starts do).
 */
export async function expectPaginated(live: Live, run: ScenarioRun): Promise<Step> {
  const s = run.step('paginate');
  expect(s.count).toBeGreaterThanOrEqual(26);
  expect(s.unique).toBe(s.count);
  expect(await countUsers(live)).toBe(s.count + 2);
  return s;
}

/** not_found: the SDK's typed error for a 404. */
export function expectNotFound(run: ScenarioRun, fields: Step): Step {
  const s = run.step('not_found');
  expect(s).toMatchObject({ http_status: 404, type: 'not_found', ...fields });
  return s;
}

/**
 * replay: the proxy dropped the answer of the first write (POST /v1/users, made: 201); the SDK
 * retried under the same Idempotency-Key, so the server has one user with the replay email and
 * one stored answer for that key, naming the user the program got.
 */
export async function expectReplayed(live: Live, run: ScenarioRun, runId: string): Promise<{ step: Step; idempotencyKey: string }> {
  const s = run.step('replay');
  expect(live.proxy.dropped).toHaveLength(1);
  const dropped = live.proxy.dropped[0]!;
  expect(dropped).toMatchObject({ method: 'POST', path: '/v1/users', status: 201 });
  expect(dropped.idempotencyKey).toBeTruthy();
  const found = await live.app.request('GET', `/v1/users/search?limit=100&query=${encodeURIComponent(`replay-${runId}@example.com`)}`);
  expect(found.status).toBe(200);
  expect(found.body.data.map((u: { id: string }) => u.id)).toEqual([s.user_id]);
  const stored = await live.app.db.query<{ response_status: number; response_body: string }>(
    'SELECT response_status, response_body FROM idempotency_keys WHERE tenant_id = $1 AND key = $2', [live.app.keys.tenantId, dropped.idempotencyKey]);
  expect(stored.rows).toHaveLength(1);
  expect(stored.rows[0]!.response_status).toBe(201);
  expect(JSON.parse(stored.rows[0]!.response_body).id).toBe(s.user_id);
  return { step: s, idempotencyKey: dropped.idempotencyKey! };
}

/**
 * webhook: the SDK's helper verified the real delivery (and its legacy header) and refused a
 * tampered body; the server recorded the delivery as succeeded. A program that prints the event's
 * id has that delivery checked; otherwise some delivery to the webhook must have succeeded.
 */
export async function expectWebhookVerified(live: Live, run: ScenarioRun): Promise<{ step: Step; delivery: Step }> {
  const s = run.step('webhook');
  expect(s).toMatchObject({ verified: true, legacy_verified: true, tampered: false, header: 'X-Finos-Signature' });
  const wanted = (d: { event_id: string; status: string }) => (s.event_id ? d.event_id === s.event_id : d.status === 'succeeded');
  // The server records the outcome once the receiver's answer is in; give it a moment.
  let delivery: Record<string, unknown> | undefined;
  for (let i = 0; i < 200; i++) {
    const deliveries = await live.app.request('GET', `/v1/webhooks/${s.webhook_id}/deliveries`);
    expect(deliveries.status).toBe(200);
    delivery = deliveries.body.data.find(wanted);
    if (delivery && delivery.status !== 'pending') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(delivery).toMatchObject({ status: 'succeeded', ...(s.event_id ? { event_id: s.event_id } : {}) });
  return { step: s, delivery: delivery! };
}
