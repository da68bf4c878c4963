// The outbox: emitEvent records a state change in the caller's transaction and queues one
// delivery per matching active webhook in that same transaction, so a rollback leaves neither.
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { deliveriesQueued } from '../db/invalidation.ts';
import { isEventPattern, isEventType, patternsMatching } from '../domain/webhooks.ts';
import { badRequest, notFound } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';

export interface Event {
  id: string;
  type: string;
  created_at: string;
  data: { object: Record<string, unknown>; previous_status: string | null };
}

export interface NewEvent {
  tenantId: string;
  /** `<resource>transition.<new_status>`, or statement.created, rebalance.completed, harvest.completed. */
  type: string;
  /** The resource in its API shape, as the response of the change returns it. */
  object: Record<string, unknown>;
  /** The status the resource left; null for a new resource. */
  previousStatus: string | null;
  /** The tenant's now (ctx(req).clock.now()), so sandbox time travel shows in created_at. */
  now: Date;
}

/** An event with its ids drawn, ready to be written (alone by emitEvent, or in the caller's statement). */
export interface PreparedEvent {
  tenantId: string;
  event: Event;
  /** A uuid v7 drawn after the event's: its deliveries' ids are this with the webhook's number. */
  deliveryBase: string;
}

/**
 * Checks the type and draws the event's id, then its deliveries' base id. A caller that writes
 * several events in one statement prepares each where it would have emitted it, so every id
 * sorts as if the events had been written one by one.
 */
export function prepareEvent(e: NewEvent): PreparedEvent {
  if (!isEventType(e.type)) throw new Error(`emitEvent: not an event type: ${e.type}`);
  const event: Event = {
    id: uuidv7(),
    type: e.type,
    created_at: e.now.toISOString(),
    data: { object: e.object, previous_status: e.previousStatus },
  };
  return { tenantId: e.tenantId, event, deliveryBase: uuidv7() };
}

/**
 * A delivery's id: its event's delivery base with the last 6 hex digits replaced by the webhook's
 * number (1, 2, ...). So, like ids drawn one by one, the deliveries sort after their event and
 * before anything drawn later (uuid v7 ids let the worker claim roughly in event order), and
 * differ from each other and from every other event's.
 */
const DELIVERY_ID = `overlay(e.delivery_base::text PLACING lpad(to_hex(h.n), 6, '0') FROM 31)::uuid`;

/**
 * Prepared events (one tenant's) as CTEs over parameters numbered from $first: `event` writes
 * them in order, `queued` one delivery per matching active webhook (RETURNING 1 each). Every
 * write is made only `when` (an SQL condition, e.g. that a journal was not refused).
 */
export function eventCtes(es: PreparedEvent[], first: number, when = 'true'): { sql: string; params: unknown[] } {
  const tenantId = es[0]!.tenantId;
  if (es.some((e) => e.tenantId !== tenantId)) throw new Error('eventCtes: events of one tenant only');
  const patterns = es.flatMap((e, k) => patternsMatching(e.event.type).map((p) => [k + 1, p] as const));
  // The events' data go as one JSON array, sent as it is: as a text[] every quote in them would be
  // escaped on the way out and unescaped on the way in.
  const params = [tenantId, es.map((e) => e.event.id), es.map((e) => e.event.type), es.map((e) => e.event.created_at),
    JSON.stringify(es.map((e) => e.event.data)), es.map((e) => e.deliveryBase), patterns.map(([k]) => k), patterns.map(([, p]) => p)];
  const $ = (n: number) => `$${first + n - 1}`;
  const sql = `ev AS (
       SELECT e.id, e.type, e.created_at, d.data, e.delivery_base, e.ord
         FROM unnest(${$(2)}::uuid[], ${$(3)}::text[], ${$(4)}::timestamptz[], ${$(6)}::uuid[])
              WITH ORDINALITY AS e(id, type, created_at, delivery_base, ord)
         JOIN json_array_elements(${$(5)}::json) WITH ORDINALITY AS d(data, ord) ON d.ord = e.ord
     ), event AS (
       INSERT INTO events (tenant_id, id, type, created_at, data)
       SELECT ${$(1)}::uuid, e.id, e.type, e.created_at, e.data FROM ev e WHERE ${when} ORDER BY e.ord
     ), hooks AS (
       -- Each event's active webhooks that asked for its type, numbered for their delivery ids.
       SELECT e.ord, w.id, row_number() OVER (PARTITION BY e.ord ORDER BY w.id) AS n
         FROM ev e JOIN webhooks w ON w.tenant_id = ${$(1)}::uuid AND w.active
          AND w.events && ARRAY(SELECT p.pattern FROM unnest(${$(7)}::int[], ${$(8)}::text[]) AS p(ord, pattern) WHERE p.ord = e.ord)
     ), queued AS (
       -- One delivery per webhook, due at once in tenant time (the foreign key to the event is
       -- checked at the end of the statement, once the event row is in).
       INSERT INTO webhook_deliveries (tenant_id, id, webhook_id, event_id, event_type, next_attempt_at, created_at, updated_at)
       SELECT ${$(1)}::uuid, ${DELIVERY_ID}, h.id, e.id, e.type, e.created_at, e.created_at, e.created_at
         FROM hooks h JOIN ev e ON e.ord = h.ord
        WHERE ${when}
        ORDER BY e.ord, h.n
       RETURNING 1
     )`;
  return { sql, params };
}

/** After a statement of eventCtes ran: the Db's workers are woken at commit when it queued deliveries. */
export function queuedDeliveries(tx: Queryable, queued: number): void {
  if (queued > 0) deliveriesQueued(tx);
}

/** Records the event and queues its deliveries, in one statement of the caller's transaction. */
export async function emitEvent(tx: Queryable, e: NewEvent): Promise<Event> {
  return (await emitEvents(tx, [prepareEvent(e)]))[0]!;
}

/** Records prepared events (in their order) and queues their deliveries, in one statement. */
export async function emitEvents(tx: Queryable, es: PreparedEvent[]): Promise<Event[]> {
  if (es.length === 0) return [];
  const ctes = eventCtes(es, 1);
  const { rows } = await tx.query<{ queued: number }>(
    `WITH ${ctes.sql} SELECT count(*)::int AS queued FROM queued`, ctes.params);
  queuedDeliveries(tx, rows[0]!.queued);
  return es.map((e) => e.event);
}

export interface EventRow {
  id: string;
  type: string;
  created_at: Date;
  data: Event['data'];
}

export const eventFromRow = (r: EventRow): Event => ({
  id: r.id, type: r.type, created_at: r.created_at.toISOString(), data: r.data,
});

/** Real days an event is kept at least; delivery rows go with it. */
export const EVENT_RETENTION_DAYS = 30;

/** Deletes events recorded more than `days` real days ago (never fewer than 30). */
export async function pruneEvents(db: Queryable, days = EVENT_RETENTION_DAYS): Promise<number> {
  const keep = Math.max(days, EVENT_RETENTION_DAYS);
  const r = await db.query(`DELETE FROM events WHERE recorded_at < now() - make_interval(days => $1::int)`, [keep]);
  return r.rowCount;
}

export async function retrieveEvent(db: Queryable, tenantId: string, id: string): Promise<Event> {
  const { rows } = await db.query<EventRow>(
    'SELECT id, type, created_at, data FROM events WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  if (!rows[0]) throw notFound('event', id);
  return eventFromRow(rows[0]);
}

/** `type` is an exact type, a family (`usertransition.*`), `*`, or null for all. */
export function eventListSpec(tenantId: string, type: string | null): ListSpec {
  if (type !== null && !isEventPattern(type)) {
    throw badRequest('type must be an event type such as usertransition.approved or a family such as usertransition.*', 'type');
  }
  const spec = { table: 'events', columns: 'id, type, created_at, data' };
  if (type === null || type === '*') return { ...spec, where: 'tenant_id = $1', params: [tenantId] };
  if (type.endsWith('.*')) {
    return { ...spec, where: 'tenant_id = $1 AND starts_with(type, $2)', params: [tenantId, type.slice(0, -1)] };
  }
  return { ...spec, where: 'tenant_id = $1 AND type = $2', params: [tenantId, type] };
}
