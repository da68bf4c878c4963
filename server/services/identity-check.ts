// What every identity use-case shares: the check of SSN and birth date the schema cannot make,
// the `date_of_birth` alias, and running a KYC check (provider, stored row, kyctransition event).
import { randomBytesFromPool } from '../random.ts';
import type { components } from '../../generated/schema.d.ts';
import type { Context } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import type { TenantClock } from '../domain/clock.ts';
import { nyDate } from '../domain/calendar.ts';
import { birthDateProblem, kycToken, ssnLast4, ssnProblem, type Problem } from '../domain/identity.ts';
import {
  requirements, SandboxKycProvider, type KycData, type KycPerson, type KycProvider, type KycStatus, type OutOfWalletQuestion,
} from '../domain/kyc.ts';
import { badRequest } from '../errors.ts';
import { emitEvent, type NewEvent } from './events.ts';

type KycResult = components['schemas']['KycResult'];

/** The vendor behind every check. Only the sandbox provider exists so far, in every environment. */
export const kycProvider: KycProvider = new SandboxKycProvider();

export interface KycCheckRow {
  tenant_id: string;
  token: string;
  user_id: string | null;
  subject: 'user' | 'joint_member' | 'person';
  account_id: string | null;
  status: KycStatus;
  first_name: string;
  last_name: string;
  ssn_last4: string;
  questions: OutOfWalletQuestion[] | null;
  result: KycData;
  attempts: number;
  created_at: Date;
  updated_at: Date;
}

/** Identity fields as a request sends them; `date_of_birth` is an alias of `birth_date`. */
export interface PersonFields {
  first_name?: string | undefined;
  last_name?: string | undefined;
  email_address?: string | undefined;
  phone_number?: string | undefined;
  birth_date?: string | undefined;
  date_of_birth?: string | undefined;
  ssn_number?: string | undefined;
  address_line_1?: string | undefined;
  address_line_2?: string | undefined;
  address_city?: string | undefined;
  address_state?: string | undefined;
  address_postal_code?: string | undefined;
  address_country_code?: string | undefined;
}

/** Resolves the `date_of_birth` alias; both given and different is a 400. */
export function birthDateOf(body: PersonFields, prefix = ''): string | undefined {
  const { birth_date, date_of_birth } = body;
  if (birth_date !== undefined && date_of_birth !== undefined && birth_date !== date_of_birth) {
    throw badRequest(`${prefix}date_of_birth: must equal birth_date when both are sent`, `${prefix}date_of_birth`);
  }
  return birth_date ?? date_of_birth;
}

export const problemError = (p: Problem) => badRequest(`${p.field}: ${p.message}`, p.field);

/** Checks the SSN and birth date that the schema's patterns cannot (adulthood, real dates, zeros). */
export function checkIdentity(clock: TenantClock, ssn: string | undefined, birthDate: string | undefined, prefix = ''): void {
  if (ssn !== undefined) {
    const p = ssnProblem(ssn, `${prefix}ssn_number`);
    if (p) throw problemError(p);
  }
  if (birthDate !== undefined) {
    const field = `${prefix}birth_date`;
    const p = birthDateProblem(birthDate, nyDate(clock.now()), field);
    if (p) throw problemError(p);
  }
}

export interface NewCheck {
  person: KycPerson;
  subject: KycCheckRow['subject'];
  userId?: string | null;
  accountId?: string | null;
}

/** Runs the provider and stores the check with its questions; moving the subject is the caller's part. */
export async function runCheck(tx: Queryable, c: Context, n: NewCheck): Promise<KycCheckRow> {
  const insert = checkInsert(await draftCheck(c, n), 1);
  const { rows } = await tx.query<KycCheckRow>(`${insert.sql} RETURNING *`, insert.params);
  const check = rows[0]!;
  await emitKyc(tx, c, check, null);
  return check;
}

/**
 * Runs the provider and answers the check's row as the database will hold it, unwritten (a new
 * user's check is written in the statement that writes the user: see checkInsert).
 */
export async function draftCheck(c: Context, n: NewCheck): Promise<KycCheckRow> {
  const decision = await kycProvider.verify(n.person);
  const now = c.clock.now();
  return {
    tenant_id: c.tenantId, token: kycToken(randomBytesFromPool), user_id: n.userId ?? null, subject: n.subject, account_id: n.accountId ?? null,
    status: decision.status, first_name: n.person.first_name, last_name: n.person.last_name, ssn_last4: ssnLast4(n.person.ssn_number),
    questions: decision.questions ? asJsonb(decision.questions) : null, result: asJsonb(decision.data), attempts: 0,
    created_at: now, updated_at: now,
  };
}

/** The INSERT of a drafted check, its parameters numbered from $first. */
export function checkInsert(r: KycCheckRow, first: number): { sql: string; params: unknown[] } {
  const $ = (n: number) => `$${first + n - 1}`;
  return {
    sql: `INSERT INTO kyc_checks (tenant_id, token, user_id, subject, account_id, status, first_name, last_name,
       ssn_last4, questions, result, attempts, created_at, updated_at)
     VALUES (${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}, ${$(7)}, ${$(8)}, ${$(9)}, ${$(10)}, ${$(11)}, 0, ${$(12)}, ${$(12)})`,
    params: [r.tenant_id, r.token, r.user_id, r.subject, r.account_id, r.status, r.first_name, r.last_name, r.ssn_last4,
      r.questions ? JSON.stringify(r.questions) : null, JSON.stringify(r.result), r.created_at],
  };
}

/**
 * A value as a jsonb column reads it back: object keys shorter first, then in byte order. Events
 * keep their JSON's key order (a json column), so an event made from a drafted check must see its
 * keys as it would after a read.
 */
function asJsonb<T>(value: T): T {
  const order = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(order);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v).sort((a, b) => a.length - b.length || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return Object.fromEntries(keys.map((k) => [k, order((v as Record<string, unknown>)[k])]));
  };
  return order(JSON.parse(JSON.stringify(value))) as T;
}

export function kycResultJson(row: KycCheckRow, statusCode: 200 | 201): KycResult {
  return {
    status_code: statusCode,
    token: row.token,
    status: row.status,
    user_id: row.user_id,
    data: row.result,
    ...requirements(row.status, row.questions),
  };
}

/** kyctransition.<status> with the check as the API shows it. */
export const kycEvent = (c: Context, row: KycCheckRow, previous: KycStatus | null): NewEvent => ({
  tenantId: c.tenantId,
  type: `kyctransition.${row.status}`,
  object: kycResultJson(row, 200) as unknown as Record<string, unknown>,
  previousStatus: previous,
  now: c.clock.now(),
});

export async function emitKyc(tx: Queryable, c: Context, row: KycCheckRow, previous: KycStatus | null) {
  await emitEvent(tx, kycEvent(c, row, previous));
}
