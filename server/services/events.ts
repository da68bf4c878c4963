// The outbox: emitEvent records a state change in the caller's transaction and queues one
// delivery per matching active webhook in that same transaction, so a rollback leaves neither.
import { v7 as uuidv7 } from 'uuid';
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

/**
 * A delivery's id: $7, a uuid v7 drawn after the event's, with its last 6 hex digits replaced by
 * the webhook's number (1, 2, ...). So, like ids drawn one by one, the deliveries sort after
 * their event and before anything drawn later (uuid v7 ids let the worker claim roughly in event
 * order), and differ from each other and from every other event's.
 */
const DELIVERY_ID = `overlay($7::uuid::text PLACING lpad(to_hex(h.n), 6, '0') FROM 31)::uuid`;

/** Records the event and queues its deliveries, in one statement of the caller's transaction. */
export async function emitEvent(tx: Queryable, e: NewEvent): Promise<Event> {
  if (!isEventType(e.type)) throw new Error(`emitEvent: not an event type: ${e.type}`);
  const event: Event = {
    id: uuidv7(),
    type: e.type,
    created_at: e.now.toISOString(),
    data: { object: e.object, previous_status: e.previousStatus },
  };
  const { rows } = await tx.query<{ queued: number }>(
    `WITH event AS (
       INSERT INTO events (tenant_id, id, type, created_at, data) VALUES ($1, $2, $3, $4, $5)
     ), hooks AS (
       -- The tenant's active webhooks that asked for this type, numbered for their delivery ids.
       SELECT id, row_number() OVER (ORDER BY id) AS n
         FROM webhooks WHERE tenant_id = $1 AND active AND events && $6::text[]
     ), queued AS (
       -- One delivery per webhook, due at once in tenant time (the foreign key to the event is
       -- checked at the end of the statement, once the event row is in).
       INSERT INTO webhook_deliveries (tenant_id, id, webhook_id, event_id, event_type, next_attempt_at, created_at, updated_at)
       SELECT $1::uuid, ${DELIVERY_ID}, h.id, $2::uuid, $3::text, $4::timestamptz, $4::timestamptz, $4::timestamptz FROM hooks h
       RETURNING 1
     )
     SELECT count(*)::int AS queued FROM queued`,
    [e.tenantId, event.id, event.type, e.now, JSON.stringify(event.data), patternsMatching(e.type), uuidv7()],
  );
  if (rows[0]!.queued > 0) deliveriesQueued(tx);
  return event;
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
