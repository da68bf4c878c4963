// Brokerage account use-cases: open (approved users only), retrieve, list and update, including
// the joint member's KYC that holds a joint account `pending` until it passes.
import type { Context } from '../context.ts';
import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../random.ts';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import { accountNumber, ssnLast4 } from '../domain/identity.ts';
import type { KycStatus } from '../domain/kyc.ts';
import { badRequest, conflict, notFound, requestFailed, unavailable } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { emitEvent } from './events.ts';
import { ledgerAccountValuation } from './ledger.ts';
import { checkIdentity, runCheck } from './identity-check.ts';
import { loadUserRow } from './users.ts';

type Account = components['schemas']['Account'];
type AccountCreateRequest = components['schemas']['AccountCreateRequest'];
type AccountUpdateRequest = components['schemas']['AccountUpdateRequest'];
type JointMemberRequest = components['schemas']['JointMemberRequest'];
type JointMemberKycStatus = components['schemas']['JointMemberKycStatus'];
type AccountStatus = components['schemas']['AccountStatus'];

/** An accounts row joined with its owner's name and the joint member's check status. */
export interface AccountRow {
  tenant_id: string;
  id: string;
  user_id: string;
  account_number: string;
  status: AccountStatus;
  ownership: Account['ownership'];
  account_type: Account['account_type'];
  martial_status: Account['martial_status'];
  country_of_citizenship: string;
  employment_status: Account['employment_status'];
  employment_position: string;
  employer_name: string;
  annual_income: Account['annual_income'];
  investment_objective: Account['investment_objective'];
  investment_experience: Account['investment_experience'];
  net_liquid_worth: Account['net_liquid_worth'];
  net_total_worth: Account['net_total_worth'];
  is_director: boolean | null;
  director_of: string | null;
  risk_tolerance: Account['risk_tolerance'];
  joint_first_name: string | null;
  joint_last_name: string | null;
  joint_email_address: string | null;
  joint_birth_date: string | null;
  joint_ssn_last4: string | null;
  joint_kyc_token: string | null;
  joint_kyc_status: KycStatus | null;
  managed: boolean;
  portfolio_id: string | null;
  min_cash_percent: string;
  max_cash_percent: string;
  owner_first_name: string;
  owner_last_name: string;
  owner_email_address: string;
  /** The owner's KYC status: only an approved owner's accounts trade and move money. */
  owner_status: KycStatus;
  created_at: Date;
  updated_at: Date;
  /** What the inline valuation column read, on rows read with it (retrieveAccount, the account list). */
  valuation_read?: unknown;
}

/** An account with its owner's name and KYC status and its joint member's check status. */
const ACCOUNT_COLUMNS = `a.*, u.first_name AS owner_first_name, u.last_name AS owner_last_name,
    u.email_address AS owner_email_address, u.status AS owner_status, k.status AS joint_kyc_status`;
const ACCOUNT_FROM = `FROM accounts a
  JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
  LEFT JOIN kyc_checks k ON k.tenant_id = a.tenant_id AND k.token = a.joint_kyc_token`;
const ACCOUNT_SELECT = `SELECT ${ACCOUNT_COLUMNS} ${ACCOUNT_FROM}`;

/** The investor profile an investment account must have in full. */
const PROFILE_FIELDS = [
  'annual_income', 'investment_objective', 'investment_experience', 'net_liquid_worth', 'net_total_worth',
  'is_director', 'risk_tolerance',
] as const;
const OTHER_FIELDS = [
  'martial_status', 'country_of_citizenship', 'employment_status', 'employment_position', 'employer_name', 'director_of',
] as const;

// Balances come from the ledger (services/ledger.ts), read in the same statement as the account
// where it can be.
export type { AccountBalances, AccountValuation } from './ledger.ts';
const valuation = ledgerAccountValuation;
/** The account select with the inline valuation column (`valuation_read`), when there is one. */
const valuedAccountSelect = () =>
  valuation.inline ? `SELECT ${ACCOUNT_COLUMNS}, ${valuation.inline.column} AS valuation_read ${ACCOUNT_FROM}` : ACCOUNT_SELECT;

/** A joint check is decided at once, so it is never `pending`; the type still allows it. */
const jointKycStatus = (s: KycStatus): JointMemberKycStatus => (s === 'pending' ? 'action_required' : s);

export async function accountJson(tx: Queryable, r: AccountRow): Promise<Account> {
  const balances = valuation.inline && r.valuation_read !== undefined
    ? await valuation.inline.value(tx, r.tenant_id, r.valuation_read)
    : await valuation.read(tx, r.tenant_id, r.id);
  return {
    id: r.id,
    user_id: r.user_id,
    account_number: r.account_number,
    status: r.status,
    ownership: r.ownership,
    account_type: r.account_type,
    martial_status: r.martial_status,
    country_of_citizenship: r.country_of_citizenship,
    employment_status: r.employment_status,
    employment_position: r.employment_position,
    employer_name: r.employer_name,
    annual_income: r.annual_income,
    investment_objective: r.investment_objective,
    investment_experience: r.investment_experience,
    net_liquid_worth: r.net_liquid_worth,
    net_total_worth: r.net_total_worth,
    is_director: r.is_director,
    director_of: r.director_of,
    risk_tolerance: r.risk_tolerance,
    owner: { id: r.user_id, first_name: r.owner_first_name, last_name: r.owner_last_name, email_address: r.owner_email_address },
    joint_member:
      r.ownership === 'joint' && r.joint_kyc_token
        ? {
            first_name: r.joint_first_name!,
            last_name: r.joint_last_name!,
            email_address: r.joint_email_address!,
            birth_date: r.joint_birth_date!,
            ssn_last4: r.joint_ssn_last4!,
            kyc_token: r.joint_kyc_token,
            kyc_status: jointKycStatus(r.joint_kyc_status!),
          }
        : null,
    available_cash: balances.available_cash,
    portfolio_market_value: balances.portfolio_market_value,
    settings: {
      managed: r.managed,
      portfolio_id: r.portfolio_id,
      min_cash_percent: r.min_cash_percent,
      max_cash_percent: r.max_cash_percent,
    },
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

/** What a money movement or a trade reads of the account it locks. */
export type LockedAccount = Pick<AccountRow, 'id' | 'user_id' | 'status' | 'owner_status' | 'managed' | 'account_type'>;

/**
 * Locks the account row (FOR UPDATE: every step that moves its money or shares takes this lock
 * first, so they serialize per account) and reads only what those steps check. 404 when absent.
 * The owner's status is a subquery on the users key, so the lookup stays one row whatever the
 * planner knows of the tables' sizes; it is read as of the statement's start, like any row the
 * lock does not guard.
 */
export async function lockAccount(tx: Queryable, tenantId: string, id: string): Promise<LockedAccount> {
  const { rows } = await tx.query<LockedAccount>(
    `SELECT a.id, a.user_id, a.status, a.managed, a.account_type,
            (SELECT u.status FROM users u WHERE u.tenant_id = a.tenant_id AND u.id = a.user_id) AS owner_status
       FROM accounts a WHERE a.tenant_id = $1 AND a.id = $2 FOR UPDATE`, [tenantId, id]);
  if (!rows[0]) throw notFound('account', id);
  return rows[0];
}

/** 402 naming `account_id` unless the account is active and its owner approved: what it takes to `action` (trade, move money). */
export function requireActive(account: LockedAccount, action: string): void {
  if (account.status !== 'active') throw requestFailed(`account_id: account ${account.id} is ${account.status}; only active accounts ${action}`, 'account_id');
  if (account.owner_status !== 'approved') throw requestFailed(`account_id: the owner of account ${account.id} is ${account.owner_status}, not approved`, 'account_id');
}

/**
 * One statement; with `forUpdate` it takes the account's row lock (`OF a`: only the accounts row,
 * never the outer-joined check). The accounts columns come back as they are once locked; the
 * owner's and the check's are read as of the statement's start, like any row the lock does not guard.
 */
export async function loadAccountRow(tx: Queryable, tenantId: string, id: string, forUpdate = false): Promise<AccountRow> {
  return readAccount(tx, ACCOUNT_SELECT, tenantId, id, forUpdate ? ' FOR UPDATE OF a' : '');
}

async function readAccount(tx: Queryable, select: string, tenantId: string, id: string, lock = ''): Promise<AccountRow> {
  const { rows } = await tx.query<AccountRow>(`${select} WHERE a.tenant_id = $1 AND a.id = $2${lock}`, [tenantId, id]);
  if (!rows[0]) throw notFound('account', id);
  return rows[0];
}

async function emitAccount(tx: Queryable, c: Context, r: AccountRow, previous: AccountStatus | null) {
  await emitEvent(tx, {
    tenantId: c.tenantId,
    type: `accounttransition.${r.status}`,
    object: (await accountJson(tx, r)) as unknown as Record<string, unknown>,
    previousStatus: previous,
    now: c.clock.now(),
  });
}

/** The first profile field an investment account lacks, counting `merged` values. */
function missingProfileField(merged: Record<string, unknown>): string | null {
  return PROFILE_FIELDS.find((f) => merged[f] === undefined || merged[f] === null) ?? null;
}

function checkDirector(isDirector: boolean | null | undefined, directorOf: string | null | undefined) {
  if (isDirector === true && !directorOf) throw badRequest('director_of: is required when is_director is true', 'director_of');
}

function checkJointMember(c: Context, m: JointMemberRequest) {
  checkIdentity(c.clock, m.ssn_number, m.birth_date, 'joint_member.');
}

/** Runs the joint member's KYC; returns the columns to store and whether they passed at once. */
async function jointMemberColumns(tx: Queryable, c: Context, accountId: string, m: JointMemberRequest) {
  const check = await runCheck(tx, c, { person: m, subject: 'joint_member', accountId });
  const columns = {
    joint_first_name: m.first_name,
    joint_last_name: m.last_name,
    joint_email_address: m.email_address,
    joint_phone_number: m.phone_number ?? null,
    joint_birth_date: m.birth_date,
    joint_ssn_encrypted: c.secrets.encrypt(m.ssn_number),
    joint_ssn_last4: ssnLast4(m.ssn_number),
    joint_address_line_1: m.address_line_1,
    joint_address_line_2: m.address_line_2 ?? null,
    joint_address_city: m.address_city,
    joint_address_state: m.address_state,
    joint_address_postal_code: m.address_postal_code,
    joint_address_country_code: m.address_country_code,
    joint_kyc_token: check.token,
  };
  return { columns, approved: check.status === 'approved' };
}

const MAX_NUMBER_DRAWS = 5;

export async function createAccount(tx: Queryable, c: Context, userId: string, body: AccountCreateRequest): Promise<Account> {
  const user = await loadUserRow(tx, c.tenantId, userId);
  if (user.status !== 'approved') {
    throw requestFailed(`user ${userId} is ${user.status}; only approved users can open accounts`, 'user_id');
  }
  if (body.account_type === 'investment') {
    const missing = missingProfileField(body);
    if (missing) throw badRequest(`${missing}: is required for investment accounts`, missing);
  }
  checkDirector(body.is_director, body.director_of);
  if (body.ownership === 'joint' && !body.joint_member) throw badRequest('joint_member: is required for joint accounts', 'joint_member');
  if (body.ownership === 'individual' && body.joint_member) {
    throw badRequest('joint_member: is only accepted on joint accounts', 'joint_member');
  }
  if (body.joint_member) checkJointMember(c, body.joint_member);

  const id = uuidv7();
  const joint = body.joint_member ? await jointMemberColumns(tx, c, id, body.joint_member) : null;
  const status: AccountStatus = joint && !joint.approved ? 'pending' : 'active';
  const values: Record<string, unknown> = {
    tenant_id: c.tenantId, id, user_id: userId, status,
    ownership: body.ownership, account_type: body.account_type,
    ...pick(body, [...OTHER_FIELDS, ...PROFILE_FIELDS]),
    ...(joint?.columns ?? {}),
    created_at: c.clock.now(), updated_at: c.clock.now(),
  };
  if (body.is_director !== true) values.director_of = null;
  await insertWithAccountNumber(tx, values);
  const row = await loadAccountRow(tx, c.tenantId, id);
  await emitAccount(tx, c, row, null);
  return accountJson(tx, row);
}

/** Draws account numbers until one is free in this tenant (the unique index decides). */
async function insertWithAccountNumber(tx: Queryable, values: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(values);
  for (let draw = 0; draw < MAX_NUMBER_DRAWS; draw++) {
    const params = [...Object.values(values), accountNumber(randomBytes)];
    const { rowCount } = await tx.query(
      `INSERT INTO accounts (${columns.join(', ')}, account_number)
       VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (tenant_id, account_number) DO NOTHING`,
      params,
    );
    if (rowCount === 1) return;
  }
  throw unavailable('Could not allocate an account number; retry the request');
}

export async function retrieveAccount(tx: Queryable, c: Context, id: string): Promise<Account> {
  return accountJson(tx, await readAccount(tx, valuedAccountSelect(), c.tenantId, id));
}

/** The user's accounts; 404 when the user is not this tenant's. */
export async function accountListSpec(tx: Queryable, c: Context, userId: string): Promise<ListSpec> {
  await loadUserRow(tx, c.tenantId, userId);
  return { table: `(${valuedAccountSelect()}) AS t`, where: 'tenant_id = $1 AND user_id = $2', params: [c.tenantId, userId] };
}

export async function updateAccount(tx: Queryable, c: Context, id: string, body: AccountUpdateRequest): Promise<Account> {
  const current = await loadAccountRow(tx, c.tenantId, id, true);
  if (current.status === 'closed') throw conflict(`account ${id} is closed`);
  const set: Record<string, unknown> = pick(body, [...OTHER_FIELDS, ...PROFILE_FIELDS]);
  if (body.account_type !== undefined && body.account_type !== current.account_type) {
    if (body.account_type === 'cash' && current.managed) {
      throw conflict('account_type: a managed account cannot become cash; turn managed off in its settings first', 'account_type');
    }
    set.account_type = body.account_type;
  }
  const merged: Record<string, unknown> = { ...current, ...set };
  if (merged.account_type === 'investment') {
    const missing = missingProfileField(merged);
    if (missing) throw badRequest(`${missing}: is required for investment accounts`, missing);
  }
  checkDirector(merged.is_director as boolean | null, merged.director_of as string | null);
  if (merged.is_director !== true) set.director_of = null;

  let status = current.status;
  if (body.ownership === 'individual' && current.ownership === 'joint') {
    throw conflict('ownership: a joint account cannot go back to individual', 'ownership');
  }
  if (body.ownership === 'joint' && current.ownership === 'joint') {
    throw conflict('ownership: the account is already joint', 'ownership');
  }
  if (body.ownership === 'individual' && body.joint_member) {
    throw badRequest('joint_member: is only accepted with ownership joint', 'joint_member');
  }
  if (body.joint_member && body.ownership !== 'joint') {
    throw badRequest('ownership: must be joint when joint_member is sent', 'ownership');
  }
  if (body.ownership === 'joint') {
    if (!body.joint_member) throw badRequest('joint_member: is required to make an account joint', 'joint_member');
    checkJointMember(c, body.joint_member);
    const joint = await jointMemberColumns(tx, c, id, body.joint_member);
    Object.assign(set, joint.columns, { ownership: 'joint' });
    status = joint.approved ? current.status : 'pending';
    set.status = status;
  }
  if (Object.keys(set).length === 0) return accountJson(tx, current);
  set.updated_at = c.clock.now();
  const columns = Object.keys(set);
  await tx.query(
    `UPDATE accounts SET ${columns.map((k, i) => `${k} = $${i + 3}`).join(', ')} WHERE tenant_id = $1 AND id = $2`,
    [c.tenantId, id, ...Object.values(set)],
  );
  const row = await loadAccountRow(tx, c.tenantId, id);
  if (row.status !== current.status) await emitAccount(tx, c, row, current.status);
  return accountJson(tx, row);
}

/** Called by KYC when a joint member's check is decided: approval activates a pending account. */
export async function onJointMemberDecided(
  tx: Queryable,
  c: Context,
  accountId: string,
  token: string,
  status: KycStatus,
): Promise<void> {
  const current = await loadAccountRow(tx, c.tenantId, accountId, true);
  if (current.joint_kyc_token !== token || current.status !== 'pending' || status !== 'approved') return;
  await tx.query('UPDATE accounts SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2', [
    c.tenantId, accountId, 'active', c.clock.now(),
  ]);
  await emitAccount(tx, c, await loadAccountRow(tx, c.tenantId, accountId), current.status);
}

function pick<T extends object>(body: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (body as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
