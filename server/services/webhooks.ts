// Webhook endpoints of a tenant: create, read, update, delete, and their delivery history.
// Checks names, URLs (https and the SSRF guard outside the sandbox), credentials and patterns.
import { uuidv7 } from '../random.ts';
import type { FinosEnv } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import {
  EVENT_FAMILIES, EVENT_TYPES, isEventPattern, maskSecret, WEBHOOK_NAME_MAX_LENGTH, WEBHOOK_PATTERNS_MAX,
} from '../domain/webhooks.ts';
import type { Context } from '../context.ts';
import { badRequest, notFound, validationError } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { resolvePublic, SsrfError, type Resolver, systemResolver } from '../security/ssrf.ts';

export interface WebhookConfigInput {
  url: string;
  basic_auth_username?: string;
  basic_auth_password?: string;
}

export interface WebhookInput {
  name?: string;
  config?: WebhookConfigInput;
  events?: string[];
  active?: boolean;
}

export interface Webhook {
  id: string;
  name: string;
  active: boolean;
  config: { url: string; basic_auth_username?: string; basic_auth_password?: string };
  events: string[];
  created_at: string;
}

interface WebhookRow {
  id: string;
  name: string;
  url: string;
  basic_auth_username: string | null;
  basic_auth_password_masked: string | null;
  events: string[];
  active: boolean;
  created_at: Date;
}

const COLUMNS = 'id, name, url, basic_auth_username, basic_auth_password_masked, events, active, created_at';

export function webhookFromRow(r: WebhookRow): Webhook {
  return {
    id: r.id,
    name: r.name,
    active: r.active,
    config: {
      url: r.url,
      ...(r.basic_auth_username !== null ? { basic_auth_username: r.basic_auth_username } : {}),
      ...(r.basic_auth_password_masked !== null ? { basic_auth_password: r.basic_auth_password_masked } : {}),
    },
    events: r.events,
    created_at: r.created_at.toISOString(),
  };
}

type Ctx = Pick<Context, 'tenantId' | 'env' | 'secrets' | 'clock'> & {
  resolver?: Resolver;
  /** The server's FINOS_WEBHOOK_ALLOW_PRIVATE; without it, only a sandbox tenant may target private addresses. */
  allowPrivateTargets?: boolean;
};

export async function createWebhook(tx: Queryable, c: Ctx, input: WebhookInput): Promise<Webhook> {
  const name = checkName(input.name);
  if (input.config === undefined) throw validationError('config is required', 'config');
  const config = await checkConfig(input.config, c);
  const events = checkEvents(input.events ?? ['*']);
  const now = c.clock.now();
  const { rows } = await tx.query<WebhookRow>(
    `INSERT INTO webhooks (tenant_id, id, name, url, basic_auth_username, basic_auth_password_encrypted,
                           basic_auth_password_masked, events, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING ${COLUMNS}`,
    [c.tenantId, uuidv7(), name, config.url, config.username, config.passwordEncrypted, config.passwordMasked,
      events, input.active ?? true, now],
  );
  return webhookFromRow(rows[0]!);
}

export async function retrieveWebhook(db: Queryable, tenantId: string, id: string): Promise<Webhook> {
  const { rows } = await db.query<WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!rows[0]) throw notFound('webhook', id);
  return webhookFromRow(rows[0]);
}

/** Omitted fields keep their values; `config` is replaced whole. Pausing cancels queued deliveries. */
export async function updateWebhook(tx: Queryable, c: Ctx, id: string, input: WebhookInput): Promise<Webhook> {
  const sets: string[] = [];
  const params: unknown[] = [c.tenantId, id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (input.name !== undefined) set('name', checkName(input.name));
  if (input.config !== undefined) {
    const config = await checkConfig(input.config, c);
    set('url', config.url);
    set('basic_auth_username', config.username);
    set('basic_auth_password_encrypted', config.passwordEncrypted);
    set('basic_auth_password_masked', config.passwordMasked);
  }
  if (input.events !== undefined) set('events', checkEvents(input.events));
  if (input.active !== undefined) {
    if (typeof input.active !== 'boolean') throw validationError('active must be a boolean', 'active');
    set('active', input.active);
  }
  if (sets.length === 0) throw validationError('send at least one of name, config, events, active', 'body');
  set('updated_at', c.clock.now());
  const { rows } = await tx.query<WebhookRow>(
    `UPDATE webhooks SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`, params);
  if (!rows[0]) throw notFound('webhook', id);
  if (!rows[0].active) await cancelPending(tx, c.tenantId, id, 'webhook disabled', c.clock.now());
  return webhookFromRow(rows[0]);
}

export async function deleteWebhook(tx: Queryable, tenantId: string, id: string) {
  // Deliveries and their attempts go with it (ON DELETE CASCADE); the events stay.
  const r = await tx.query('DELETE FROM webhooks WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  if (r.rowCount === 0) throw notFound('webhook', id);
  return { id, object: 'webhook', deleted: true as const };
}

/** The tenant's webhooks; rows become JSON with webhookFromRow. */
export function webhookListSpec(tenantId: string): ListSpec {
  return { table: 'webhooks', columns: COLUMNS, where: 'tenant_id = $1', params: [tenantId] };
}

async function cancelPending(tx: Queryable, tenantId: string, webhookId: string, reason: string, now: Date) {
  await tx.query(
    `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, lease_expires_at = NULL,
            last_error = $3, updated_at = $4
      WHERE tenant_id = $1 AND webhook_id = $2 AND status = 'pending'`,
    [tenantId, webhookId, reason, now]);
}

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  http_status: number | null;
  duration_ms: number | null;
  next_attempt_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

export const deliveryFromRow = (r: DeliveryRow) => ({
  id: r.id,
  webhook_id: r.webhook_id,
  event_id: r.event_id,
  event_type: r.event_type,
  status: r.status,
  // Counts from 1: a delivery not yet tried shows the attempt it is waiting to make.
  attempt: Math.max(r.attempts, 1),
  http_status: r.http_status,
  duration_ms: r.duration_ms,
  next_attempt_at: r.next_attempt_at?.toISOString() ?? null,
  last_error: r.last_error,
  created_at: r.created_at.toISOString(),
});

/** The deliveries of one webhook (404 when there is no such webhook); rows become JSON with deliveryFromRow. */
export async function deliveryListSpec(db: Queryable, tenantId: string, webhookId: string): Promise<ListSpec> {
  await retrieveWebhook(db, tenantId, webhookId);
  return {
    table: 'webhook_deliveries',
    columns: 'id, webhook_id, event_id, event_type, status, attempts, http_status, duration_ms, next_attempt_at, last_error, created_at',
    where: 'tenant_id = $1 AND webhook_id = $2',
    params: [tenantId, webhookId],
  };
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0) throw validationError('name is required', 'name');
  if (name.length > WEBHOOK_NAME_MAX_LENGTH) throw validationError(`name must be at most ${WEBHOOK_NAME_MAX_LENGTH} characters`, 'name');
  return name;
}

function checkEvents(events: unknown): string[] {
  if (!Array.isArray(events) || events.length === 0) throw validationError('events must be a non-empty array of event patterns', 'events');
  if (events.length > WEBHOOK_PATTERNS_MAX) throw validationError(`events takes at most ${WEBHOOK_PATTERNS_MAX} patterns`, 'events');
  events.forEach((p, i) => {
    const field = `events[${i}]`;
    if (typeof p !== 'string' || !isEventPattern(p)) {
      throw validationError(`${field} must be "*", an event type such as usertransition.approved, or a family such as usertransition.*`, field);
    }
    const [family, what] = p.split('.') as [string, string | undefined];
    if (p !== '*' && !(what === '*' ? EVENT_FAMILIES.includes(family) : EVENT_TYPES.includes(p))) {
      throw validationError(`${field}: no event ${what === '*' ? 'family' : 'type'} ${p}`, field);
    }
  });
  return [...new Set(events as string[])];
}

interface CheckedConfig {
  url: string;
  username: string | null;
  passwordEncrypted: string | null;
  passwordMasked: string | null;
}

async function checkConfig(config: WebhookConfigInput, c: Ctx): Promise<CheckedConfig> {
  if (typeof config !== 'object' || config === null) throw validationError('config must be an object', 'config');
  const url = await checkUrl(config.url, c.env, c.resolver, c.allowPrivateTargets ?? c.env !== 'production');
  const { basic_auth_username: username, basic_auth_password: password } = config;
  if (username !== undefined && (typeof username !== 'string' || !/^[^:\x00-\x1f\x7f]{1,255}$/.test(username))) {
    throw validationError('config.basic_auth_username must be 1 to 255 characters without ":" or control characters', 'config.basic_auth_username');
  }
  if (password !== undefined && (typeof password !== 'string' || !/^[^\x00-\x1f\x7f]{1,255}$/.test(password))) {
    throw validationError('config.basic_auth_password must be 1 to 255 characters without control characters', 'config.basic_auth_password');
  }
  return {
    url,
    username: username ?? null,
    passwordEncrypted: password === undefined ? null : c.secrets.encrypt(password),
    passwordMasked: password === undefined ? null : maskSecret(password),
  };
}

/**
 * A valid absolute http(s) URL without credentials; https in production; a public address unless
 * private targets are allowed (server/config.ts, FINOS_WEBHOOK_ALLOW_PRIVATE).
 */
export async function checkUrl(
  raw: unknown, env: FinosEnv, resolver: Resolver = systemResolver, allowPrivate = env !== 'production',
): Promise<string> {
  const field = 'config.url';
  if (typeof raw !== 'string' || raw.length === 0) throw validationError('config.url is required', field);
  if (raw.length > 2048) throw validationError('config.url must be at most 2048 characters', field);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw validationError('config.url is not a valid URL', field);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw validationError('config.url must be an http or https URL', field);
  if (url.username || url.password) {
    throw validationError('config.url must not embed credentials; use config.basic_auth_username and basic_auth_password', field);
  }
  if (env === 'production' && url.protocol !== 'https:') throw validationError('config.url must use https outside the sandbox', field);
  if (!allowPrivate) {
    try {
      await resolvePublic(url.hostname, resolver);
    } catch (err) {
      if (err instanceof SsrfError) throw badRequest(`config.url refused: ${err.message}`, field);
      throw err;
    }
  }
  return raw;
}
