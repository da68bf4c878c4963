// Linked bank account use-cases. Numbers are sealed at rest and shown masked; one default per
// user, kept by a partial unique index; deletion is soft and refused while a transfer is pending.
import type { Context } from '../context.ts';
import { uuidv7 } from '../random.ts';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import { bankAccountNumberProblem, maskFromLast4, routingNumberProblem } from '../domain/identity.ts';
import { conflict, notFound } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { problemError } from './identity-check.ts';
import { loadUserRow } from './users.ts';
import { pendingTransferOnBankAccount } from './transfer-rows.ts';

type BankAccount = components['schemas']['BankAccount'];
type BankAccountCreateRequest = components['schemas']['BankAccountCreateRequest'];
type BankAccountUpdateRequest = components['schemas']['BankAccountUpdateRequest'];
type DeletedObject = components['schemas']['DeletedObject'];

export interface BankAccountRow {
  tenant_id: string;
  id: string;
  user_id: string;
  bank_account_number_last4: string;
  bank_account_number_length: number;
  bank_routing_number_last4: string;
  bank_account_nickname: string;
  is_default: boolean;
  created_at: Date;
  deleted_at: Date | null;
}

const ROUTING_NUMBER_LENGTH = 9;

/** At least one `*`, so even a 4-digit account number is never shown whole. */
const masked = (last4: string, length: number) => maskFromLast4(last4, Math.max(length, last4.length + 1));

export function bankAccountJson(r: BankAccountRow): BankAccount {
  return {
    id: r.id,
    user_id: r.user_id,
    bank_account_number: masked(r.bank_account_number_last4, r.bank_account_number_length),
    bank_routing_number: masked(r.bank_routing_number_last4, ROUTING_NUMBER_LENGTH),
    default: r.is_default,
    bank_account_nickname: r.bank_account_nickname,
    created_at: r.created_at.toISOString(),
  };
}

async function loadBankAccountRow(tx: Queryable, tenantId: string, id: string, forUpdate = false): Promise<BankAccountRow> {
  const { rows } = await tx.query<BankAccountRow>(
    `SELECT * FROM bank_accounts WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  if (!rows[0]) throw notFound('bank account', id);
  return rows[0];
}

/** Serializes default changes per user, so the partial unique index never sees two defaults. */
async function lockUser(tx: Queryable, tenantId: string, userId: string) {
  await loadUserRow(tx, tenantId, userId, { forUpdate: true });
}

async function clearDefault(tx: Queryable, tenantId: string, userId: string) {
  await tx.query(
    'UPDATE bank_accounts SET is_default = false WHERE tenant_id = $1 AND user_id = $2 AND is_default AND deleted_at IS NULL',
    [tenantId, userId],
  );
}

export async function createBankAccount(
  tx: Queryable,
  c: Context,
  userId: string,
  body: BankAccountCreateRequest,
): Promise<BankAccount> {
  const problem = bankAccountNumberProblem(body.bank_account_number) ?? routingNumberProblem(body.bank_routing_number);
  if (problem) throw problemError(problem);
  await lockUser(tx, c.tenantId, userId);
  const { rows: live } = await tx.query(
    'SELECT 1 FROM bank_accounts WHERE tenant_id = $1 AND user_id = $2 AND deleted_at IS NULL LIMIT 1',
    [c.tenantId, userId],
  );
  const isDefault = live.length === 0 || body.default === true;
  if (isDefault) await clearDefault(tx, c.tenantId, userId);
  const now = c.clock.now();
  const { rows } = await tx.query<BankAccountRow>(
    `INSERT INTO bank_accounts (tenant_id, id, user_id, bank_account_number_encrypted, bank_account_number_last4,
       bank_account_number_length, bank_routing_number_encrypted, bank_routing_number_last4, bank_account_nickname,
       is_default, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING *`,
    [
      c.tenantId, uuidv7(), userId, c.secrets.encrypt(body.bank_account_number), body.bank_account_number.slice(-4),
      body.bank_account_number.length, c.secrets.encrypt(body.bank_routing_number), body.bank_routing_number.slice(-4),
      body.bank_account_nickname, isDefault, now,
    ],
  );
  return bankAccountJson(rows[0]!);
}

export async function retrieveBankAccount(tx: Queryable, c: Context, id: string): Promise<BankAccount> {
  return bankAccountJson(await loadBankAccountRow(tx, c.tenantId, id));
}

/** The user's live bank accounts; 404 when the user is not this tenant's. */
export async function bankAccountListSpec(tx: Queryable, c: Context, userId: string): Promise<ListSpec> {
  await loadUserRow(tx, c.tenantId, userId);
  return { table: 'bank_accounts', where: 'tenant_id = $1 AND user_id = $2 AND deleted_at IS NULL', params: [c.tenantId, userId] };
}

export async function updateBankAccount(
  tx: Queryable,
  c: Context,
  id: string,
  body: BankAccountUpdateRequest,
): Promise<BankAccount> {
  const found = await loadBankAccountRow(tx, c.tenantId, id);
  await lockUser(tx, c.tenantId, found.user_id);
  const current = await loadBankAccountRow(tx, c.tenantId, id, true);
  if (body.default === true && !current.is_default) await clearDefault(tx, c.tenantId, current.user_id);
  const { rows } = await tx.query<BankAccountRow>(
    `UPDATE bank_accounts SET is_default = $3, bank_account_nickname = $4, updated_at = $5
      WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [c.tenantId, id, body.default ?? current.is_default, body.bank_account_nickname ?? current.bank_account_nickname, c.clock.now()],
  );
  return bankAccountJson(rows[0]!);
}

/** Soft delete: the row stays for transfer history and disappears from the API. */
export async function deleteBankAccount(tx: Queryable, c: Context, id: string): Promise<DeletedObject> {
  const found = await loadBankAccountRow(tx, c.tenantId, id);
  await lockUser(tx, c.tenantId, found.user_id);
  // Exclusive: waits for transfers that share-lock this row (services/transfers.ts) to commit and
  // holds off new ones, so the check below sees every transfer that will ever use it.
  await loadBankAccountRow(tx, c.tenantId, id, true);
  const pending = await pendingTransferOnBankAccount(tx, c.tenantId, id);
  if (pending) throw conflict(`${pending}; wait until it settles`);
  const now = c.clock.now();
  await tx.query(
    'UPDATE bank_accounts SET deleted_at = $3, is_default = false, updated_at = $3 WHERE tenant_id = $1 AND id = $2',
    [c.tenantId, id, now],
  );
  return { id, object: 'bank_account', deleted: true };
}
