// User use-cases: create (running KYC once the identity is complete), retrieve, update, list
// and search. The SSN is sealed at rest; only its last four digits are ever returned.
import type { Context } from '../context.ts';
import { uuidv7 } from '../random.ts';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import type { KycPerson, KycStatus } from '../domain/kyc.ts';
import { ssnLast4 } from '../domain/identity.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { emitEvent, eventCtes, prepareEvent, queuedDeliveries, type NewEvent } from './events.ts';
import { birthDateOf, checkIdentity, checkInsert, draftCheck, kycEvent, runCheck, type KycCheckRow } from './identity-check.ts';

type User = components['schemas']['User'];
type UserCreateRequest = components['schemas']['UserCreateRequest'];
type UserUpdateRequest = components['schemas']['UserUpdateRequest'];

export interface UserRow {
  tenant_id: string;
  id: string;
  status: KycStatus;
  first_name: string;
  last_name: string;
  email_address: string;
  phone_number: string | null;
  birth_date: string;
  ssn_encrypted: string | null;
  ssn_last4: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  address_city: string | null;
  address_state: string | null;
  address_postal_code: string | null;
  address_country_code: string | null;
  kyc_token: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns a request may set, by wire name; `ssn_number` is handled apart (sealed). */
const PLAIN_FIELDS = [
  'first_name', 'last_name', 'email_address', 'phone_number', 'birth_date',
  'address_line_1', 'address_line_2', 'address_city', 'address_state', 'address_postal_code', 'address_country_code',
] as const;
type PlainField = (typeof PLAIN_FIELDS)[number];

/** The legal identity KYC runs on; changing it re-runs KYC, and it is locked once approved. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set([
  'first_name', 'last_name', 'birth_date', 'ssn_number',
  'address_line_1', 'address_line_2', 'address_city', 'address_state', 'address_postal_code', 'address_country_code',
]);

export function userJson(r: UserRow): User {
  return {
    id: r.id,
    status: r.status,
    kyc_token: r.kyc_token,
    first_name: r.first_name,
    last_name: r.last_name,
    phone_number: r.phone_number,
    email_address: r.email_address,
    birth_date: r.birth_date,
    ssn_last4: r.ssn_last4,
    address_line_1: r.address_line_1,
    address_line_2: r.address_line_2,
    address_city: r.address_city,
    address_state: r.address_state,
    address_postal_code: r.address_postal_code,
    address_country_code: r.address_country_code,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

export async function loadUserRow(
  tx: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<UserRow> {
  const { rows } = await tx.query<UserRow>(
    `SELECT * FROM users WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  if (!rows[0]) throw notFound('user', id);
  return rows[0];
}

/** SSN and every required address field known: KYC can run. */
function identityComplete(r: UserRow): boolean {
  return !!(r.ssn_encrypted && r.address_line_1 && r.address_city && r.address_state && r.address_postal_code && r.address_country_code);
}

function personOf(r: UserRow, ssn: string): KycPerson {
  const { first_name, last_name, birth_date, email_address, phone_number, address_line_1, address_city, address_state,
    address_postal_code, address_country_code } = r;
  return { first_name, last_name, birth_date, ssn_number: ssn, email_address, phone_number, address_line_1, address_city,
    address_state, address_postal_code, address_country_code };
}

/** usertransition.<status> with the user as the API shows it. */
const userEvent = (c: Context, r: UserRow, previous: KycStatus | null): NewEvent => ({
  tenantId: c.tenantId,
  type: `usertransition.${r.status}`,
  object: userJson(r) as unknown as Record<string, unknown>,
  previousStatus: previous,
  now: c.clock.now(),
});

/** Raises usertransition.<status> with the user as the API shows it. */
export async function emitUser(tx: Queryable, c: Context, r: UserRow, previous: KycStatus | null) {
  await emitEvent(tx, userEvent(c, r, previous));
}

/** Points the user at `check` and moves their status with it, raising usertransition.* on a change. */
export async function followCheck(tx: Queryable, c: Context, user: UserRow, check: KycCheckRow): Promise<UserRow> {
  const { rows } = await tx.query<UserRow>(
    'UPDATE users SET status = $3, kyc_token = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2 RETURNING *',
    [c.tenantId, user.id, check.status, check.token, c.clock.now()],
  );
  const updated = rows[0]!;
  if (updated.status !== user.status) await emitUser(tx, c, updated, user.status);
  return updated;
}

/**
 * Creates the user and, when the identity is complete, runs KYC first: the user row is written
 * once, with the check's status, in one statement with the check and the events. The events are
 * those of creating the user pending and then following the check, in that order.
 */
export async function createUser(tx: Queryable, c: Context, body: UserCreateRequest): Promise<User> {
  const birthDate = birthDateOf(body);
  if (birthDate === undefined) throw badRequest('birth_date: is required', 'birth_date');
  checkIdentity(c.clock, body.ssn_number, birthDate);
  const now = c.clock.now();
  const ssn = body.ssn_number;
  const pending: UserRow = {
    tenant_id: c.tenantId, id: uuidv7(), status: 'pending', first_name: body.first_name, last_name: body.last_name,
    email_address: body.email_address, phone_number: body.phone_number ?? null, birth_date: birthDate,
    ssn_encrypted: ssn ? c.secrets.encrypt(ssn) : null, ssn_last4: ssn ? ssnLast4(ssn) : null,
    address_line_1: body.address_line_1 ?? null, address_line_2: body.address_line_2 ?? null, address_city: body.address_city ?? null,
    address_state: body.address_state ?? null, address_postal_code: body.address_postal_code ?? null,
    address_country_code: body.address_country_code ?? null, kyc_token: null, created_at: now, updated_at: now,
  };
  const events = [prepareEvent(userEvent(c, pending, null))];
  let user = pending;
  let check: KycCheckRow | null = null;
  if (ssn && identityComplete(pending)) {
    check = await draftCheck(c, { person: personOf(pending, ssn), subject: 'user', userId: pending.id });
    events.push(prepareEvent(kycEvent(c, check, null)));
    // As followCheck would move the user: to the check's status and token.
    user = { ...pending, status: check.status, kyc_token: check.token, updated_at: c.clock.now() };
    if (user.status !== pending.status) events.push(prepareEvent(userEvent(c, user, pending.status)));
  }
  const params: unknown[] = [
    user.tenant_id, user.id, user.status, user.first_name, user.last_name, user.email_address, user.phone_number, user.birth_date,
    user.ssn_encrypted, user.ssn_last4, user.address_line_1, user.address_line_2, user.address_city, user.address_state,
    user.address_postal_code, user.address_country_code, user.kyc_token, user.created_at, user.updated_at,
  ];
  const checked = check ? checkInsert(check, params.length + 1) : null;
  if (checked) params.push(...checked.params);
  const ctes = eventCtes(events, params.length + 1);
  params.push(...ctes.params);
  const { rows } = await tx.query<UserRow & { queued: number }>(
    `WITH created AS (
       INSERT INTO users (tenant_id, id, status, first_name, last_name, email_address, phone_number, birth_date,
         ssn_encrypted, ssn_last4, address_line_1, address_line_2, address_city, address_state, address_postal_code,
         address_country_code, kyc_token, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING *
     ),${checked ? ` checked AS (${checked.sql}),` : ''}
     ${ctes.sql}
     SELECT created.*, (SELECT count(*)::int FROM queued) AS queued FROM created`,
    params,
  );
  const { queued, ...written } = rows[0]!;
  queuedDeliveries(tx, queued);
  return userJson(written);
}

async function verifyUser(tx: Queryable, c: Context, user: UserRow, ssn: string): Promise<UserRow> {
  const check = await runCheck(tx, c, { person: personOf(user, ssn), subject: 'user', userId: user.id });
  return followCheck(tx, c, user, check);
}

export async function retrieveUser(tx: Queryable, c: Context, id: string): Promise<User> {
  return userJson(await loadUserRow(tx, c.tenantId, id));
}

/**
 * Contact details always change. The legal identity of an approved user is locked (409); for
 * anyone else a change to it, or the completion of it, runs a fresh KYC check.
 */
export async function updateUser(tx: Queryable, c: Context, id: string, body: UserUpdateRequest): Promise<User> {
  const user = await loadUserRow(tx, c.tenantId, id, { forUpdate: true });
  const birthDate = birthDateOf(body);
  checkIdentity(c.clock, body.ssn_number, birthDate);
  const wanted: Partial<Record<PlainField, string>> = {};
  for (const f of PLAIN_FIELDS) if (body[f] !== undefined) wanted[f] = body[f];
  if (birthDate !== undefined) wanted.birth_date = birthDate;

  const changed = (Object.keys(wanted) as PlainField[]).filter((f) => wanted[f] !== user[f]);
  const currentSsn = user.ssn_encrypted ? c.secrets.decrypt(user.ssn_encrypted) : null;
  const ssnChanged = body.ssn_number !== undefined && body.ssn_number !== currentSsn;
  const identityChanged = [...changed, ...(ssnChanged ? ['ssn_number'] : [])].filter((f) => IDENTITY_FIELDS.has(f));
  if (identityChanged.length > 0 && user.status === 'approved') {
    const field = identityChanged[0]!;
    throw conflict(`${field}: the identity of an approved user cannot change`, field);
  }
  if (changed.length === 0 && !ssnChanged) return userJson(user);

  const sets: string[] = [];
  const params: unknown[] = [c.tenantId, id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  for (const f of changed) set(f, wanted[f]);
  if (ssnChanged) {
    set('ssn_encrypted', c.secrets.encrypt(body.ssn_number!));
    set('ssn_last4', ssnLast4(body.ssn_number!));
  }
  set('updated_at', c.clock.now());
  const { rows } = await tx.query<UserRow>(
    `UPDATE users SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    params,
  );
  let updated = rows[0]!;
  // Completing the identity is itself an identity change, so one rule covers first runs and re-runs.
  const ssn = body.ssn_number ?? currentSsn;
  if (ssn && identityChanged.length > 0 && identityComplete(updated)) updated = await verifyUser(tx, c, updated, ssn);
  return userJson(updated);
}

export const userListSpec = (tenantId: string): ListSpec => ({
  table: 'users',
  where: 'tenant_id = $1',
  params: [tenantId],
});

/**
 * Case-insensitive "contains" over first, last and full name, email and phone. Phone digits are
 * compared only when the query looks like a phone number (digits, spaces and `+-()` and at least one
 * digit): otherwise a name such as "page1" would match every phone number that contains a 1.
 */
export function userSearchSpec(tenantId: string, query: string): ListSpec {
  const text = query.trim().toLowerCase();
  if (text.length === 0) throw badRequest('query: must not be blank', 'query');
  const like = `%${escapeLike(text)}%`;
  const digits = PHONE_LIKE.test(text) ? text.replace(/[^0-9]/g, '') : '';
  return {
    table: 'users',
    where: `tenant_id = $1 AND (
      lower(first_name) LIKE $2 OR lower(last_name) LIKE $2 OR lower(first_name || ' ' || last_name) LIKE $2
      OR lower(email_address) LIKE $2 OR ($3 <> '' AND phone_number LIKE '%' || $3 || '%'))`,
    params: [tenantId, like, digits],
  };
}

const PHONE_LIKE = /^[0-9\s+\-()]*[0-9][0-9\s+\-()]*$/;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => '\\' + ch);
