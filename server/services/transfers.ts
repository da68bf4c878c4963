// ACH deposits and withdrawals: start (checks, ledger journal, event), settle or return when due
// (called by the scheduler and the settlement job), retrieve and list. Every money-moving step
// locks the account row first, so requests on one account serialize. A withdrawal above settled
// cash sells holdings first (services/liquidation.ts) and settles 3 business days after it is sent.
import type { Context } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/db.ts';
import { nyDate, nyInstant, OPEN_HH_MM, settlementDate } from '../domain/calendar.ts';
import {
  depositReturned, depositSettled, depositStarted, withdrawalSettled, withdrawalStarted, type JournalKind,
} from '../domain/ledger.ts';
import { Decimal, moneyString, parseMoney } from '../domain/money.ts';
import { badRequest, notFound, requestFailed, validationError } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { addBankAccountDeleteGuard } from './bank-accounts.ts';
import { cashSettled } from './hooks.ts';
import { loadAccountRow, setAccountValuation } from './accounts.ts';
import { emitEvent } from './events.ts';
import { bookBalance, ledgerAccountValuation, postJournal } from './ledger.ts';
import { ACCOUNT_VALUE_LIMIT, accountWorth, limitText, TRANSFER_LIMIT } from './limits.ts';
import { createLiquidatingWithdrawal, sellableValue } from './liquidation.ts';

type Deposit = components['schemas']['Deposit'];
type Withdrawal = components['schemas']['Withdrawal'];
type TransferStatus = components['schemas']['WithdrawalStatus'];
type TransferRequest = components['schemas']['DepositCreateRequest'];
export type TransferKind = 'deposit' | 'withdrawal';

/** The sandbox's magic bank account: deposits from a number ending in 0000 come back R01. */
export const SANDBOX_RETURNING_LAST4 = '0000';
export const SANDBOX_RETURN_CODE = 'R01';

export interface TransferRow {
  tenant_id: string;
  id: string;
  account_id: string;
  bank_account_id: string;
  amount: string;
  status: TransferStatus;
  expected_settlement_date: string;
  settle_at: Date;
  return_code: string | null;
  sandbox_return_code?: string | null;
  liquidation_order_ids?: string[];
  /** Withdrawals that sell holdings (services/liquidation.ts); null when cash covered it. */
  liquidation_state?: 'awaiting_open' | 'selling' | 'sent' | null;
  created_at: Date;
  completed_at: Date | null;
  returned_at: Date | null;
  /** Withdrawals only: why it ended `failed`. */
  failure_reason?: string | null;
}

const TABLE = { deposit: 'deposits', withdrawal: 'withdrawals' } as const;
/** liquidation_order_ids as JSON, so both engines read it back as the same array. */
const COLUMNS = {
  deposit: '*',
  withdrawal: 'tenant_id, id, account_id, bank_account_id, amount, status, expected_settlement_date, settle_at, return_code, to_json(liquidation_order_ids) AS liquidation_order_ids, liquidation_state, created_at, completed_at, returned_at, failure_reason',
} as const;

const epochMs = (d: Date | null) => (d ? d.getTime() : null);

function transferFields(r: TransferRow) {
  return {
    id: r.id,
    account_id: r.account_id,
    bank_account_id: r.bank_account_id,
    amount: moneyString(new Decimal(r.amount)),
    created_at: r.created_at.getTime(),
    completed_at: epochMs(r.completed_at),
    expected_settlement_date: r.expected_settlement_date,
    return_code: r.return_code,
    returned_at: epochMs(r.returned_at),
  };
}

export function depositJson(r: TransferRow): Deposit {
  // Only a withdrawal can fail (its sales raised nothing); the deposits table refuses the status.
  if (r.status === 'failed') throw new Error(`deposit ${r.id} has status failed`);
  const { id, account_id, bank_account_id, amount, created_at, ...rest } = transferFields(r);
  return { id, account_id, bank_account_id, amount, status: r.status, created_at, ...rest };
}

export const withdrawalJson = (r: TransferRow): Withdrawal => {
  const { id, account_id, bank_account_id, amount, created_at, ...rest } = transferFields(r);
  return {
    id, account_id, bank_account_id, amount, status: r.status, created_at, ...rest,
    liquidation_order_ids: r.liquidation_order_ids ?? [],
    failure_reason: r.failure_reason ?? null,
  };
};

const transferJson = (kind: TransferKind, r: TransferRow) => (kind === 'deposit' ? depositJson(r) : withdrawalJson(r));

export async function emitTransfer(tx: Queryable, kind: TransferKind, r: TransferRow, previous: TransferStatus | null, now: Date) {
  await emitEvent(tx, {
    tenantId: r.tenant_id,
    type: `${kind}transition.${r.status}`,
    object: transferJson(kind, r) as unknown as Record<string, unknown>,
    previousStatus: previous,
    now,
  });
}

export async function loadTransferRow(tx: Queryable, kind: TransferKind, tenantId: string, id: string, forUpdate = false): Promise<TransferRow> {
  const { rows } = await tx.query<TransferRow>(
    `SELECT ${COLUMNS[kind]} FROM ${TABLE[kind]} WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  if (!rows[0]) throw notFound(kind, id);
  return rows[0];
}

interface BankAccountRef {
  user_id: string;
  bank_account_number_last4: string;
}

/**
 * Locks the account and checks both ends: the amount within the per-transfer limit (400), the
 * account active and its owner approved (402), the bank account live (404) and the owner's (400).
 * The bank account row is share-locked until commit: unlinking it takes the row exclusively and
 * then looks for pending transfers, so either the unlink waits and sees this transfer, or this
 * transfer waits and finds the bank account gone. Transfers do not block one another.
 */
async function checkEnds(tx: Queryable, c: Pick<Context, 'tenantId' | 'clock' | 'env'>, body: TransferRequest): Promise<BankAccountRef> {
  if (parseMoney(body.amount, 'amount').gt(TRANSFER_LIMIT)) {
    throw validationError(`amount: must be at most ${limitText(TRANSFER_LIMIT)} per transfer`, 'amount');
  }
  const account = await loadAccountRow(tx, c.tenantId, body.account_id, true);
  if (account.status !== 'active') throw requestFailed(`account_id: account ${account.id} is ${account.status}; only active accounts move money`, 'account_id');
  if (account.owner_status !== 'approved') throw requestFailed(`account_id: the owner of account ${account.id} is ${account.owner_status}, not approved`, 'account_id');
  const { rows } = await tx.query<BankAccountRef>(
    'SELECT user_id, bank_account_number_last4 FROM bank_accounts WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL FOR SHARE',
    [c.tenantId, body.bank_account_id],
  );
  const bank = rows[0];
  if (!bank) throw notFound('bank account', body.bank_account_id);
  if (bank.user_id !== account.user_id) {
    throw badRequest(`bank_account_id: bank account ${body.bank_account_id} does not belong to the owner of account ${account.id}`, 'bank_account_id');
  }
  return bank;
}

/** When a transfer made at `now` settles: 09:30 New York time (the open) on its settlement day. */
export function settlementOf(kind: TransferKind, now: Date): { date: string; at: Date } {
  const date = settlementDate(nyDate(now), kind);
  return { date, at: nyInstant(date, OPEN_HH_MM) };
}

export async function insertTransfer(tx: Queryable, kind: TransferKind, c: Pick<Context, 'tenantId' | 'clock' | 'env'>, body: TransferRequest, extra: Record<string, unknown>) {
  const now = c.clock.now();
  const due = settlementOf(kind, now);
  const values: Record<string, unknown> = {
    tenant_id: c.tenantId, id: uuidv7(), account_id: body.account_id, bank_account_id: body.bank_account_id,
    amount: parseMoney(body.amount, 'amount').toFixed(2), status: 'pending', expected_settlement_date: due.date,
    settle_at: due.at, created_at: now, ...extra,
  };
  const cols = Object.keys(values);
  await tx.query(
    `INSERT INTO ${TABLE[kind]} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
    Object.values(values),
  );
  return loadTransferRow(tx, kind, c.tenantId, values.id as string);
}

interface JournalSpec {
  kind: JournalKind;
  postings: ReturnType<typeof depositStarted>;
  entry?: { type: 'deposit' | 'withdrawal'; amount: Decimal; description: string };
}

async function journal(tx: Queryable, kind: TransferKind, r: TransferRow, spec: JournalSpec, now: Date) {
  await postJournal(tx, {
    tenantId: r.tenant_id, accountId: r.account_id, kind: spec.kind, refType: kind, refId: r.id,
    postings: spec.postings, ...(spec.entry ? { entry: spec.entry } : {}), now,
  });
}

export async function createDeposit(tx: Queryable, c: Pick<Context, 'tenantId' | 'clock' | 'env'>, body: TransferRequest): Promise<Deposit> {
  const bank = await checkEnds(tx, c, body);
  // The account row is locked, so concurrent deposits into it are counted one after another.
  const worth = await accountWorth(tx, c.tenantId, body.account_id);
  if (worth.plus(parseMoney(body.amount, 'amount')).gt(ACCOUNT_VALUE_LIMIT)) {
    throw requestFailed(
      `amount: the account would be worth more than ${limitText(ACCOUNT_VALUE_LIMIT)}, the most one account may hold (it holds ${limitText(worth)} with pending deposits)`,
      'amount',
    );
  }
  const returns = c.env === 'sandbox' && bank.bank_account_number_last4 === SANDBOX_RETURNING_LAST4;
  const r = await insertTransfer(tx, 'deposit', c, body, { sandbox_return_code: returns ? SANDBOX_RETURN_CODE : null });
  const amount = new Decimal(r.amount);
  await journal(tx, 'deposit', r, {
    kind: 'deposit',
    postings: depositStarted(r.account_id, amount),
    entry: { type: 'deposit', amount, description: `ACH deposit from bank account ending ${bank.bank_account_number_last4}` },
  }, r.created_at);
  await emitTransfer(tx, 'deposit', r, null, r.created_at);
  return depositJson(r);
}

export async function createWithdrawal(tx: Queryable, c: Pick<Context, 'tenantId' | 'clock' | 'env'>, body: TransferRequest): Promise<Withdrawal> {
  const bank = await checkEnds(tx, c, body);
  const amount = parseMoney(body.amount, 'amount');
  const cash = await bookBalance(tx, c.tenantId, body.account_id, 'cash');
  if (amount.gt(cash)) {
    // Cash falls short: holdings are sold for the rest (services/liquidation.ts), as far as their
    // free shares at the bid allow.
    const holdings = await sellableValue(tx, c.tenantId, body.account_id, c.clock.now());
    if (amount.gt(cash.plus(holdings))) {
      throw requestFailed(
        `amount: ${moneyString(amount)} is more than the account's available cash (${moneyString(cash)}) plus the holdings it can sell (${moneyString(holdings)} at the bid)`,
        'amount',
      );
    }
    return createLiquidatingWithdrawal(tx, c, body);
  }
  // Cash covers it: the whole amount is held at once (cash_held = open buys + pending withdrawals' `held`).
  const r = await insertTransfer(tx, 'withdrawal', c, body, { held: amount.toFixed(2) });
  await journal(tx, 'withdrawal', r, {
    kind: 'withdrawal',
    postings: withdrawalStarted(r.account_id, amount),
    entry: { type: 'withdrawal', amount: amount.neg(), description: `ACH withdrawal to bank account ending ${bank.bank_account_number_last4}` },
  }, r.created_at);
  await emitTransfer(tx, 'withdrawal', r, null, r.created_at);
  return withdrawalJson(r);
}

/**
 * Settles one pending transfer at `now` (tenant time): a deposit completes (or, when the bank
 * returns it, is reversed), a withdrawal's reserve leaves for the bank. Returns false when the
 * transfer is no longer pending (someone else settled it).
 */
export async function settleTransfer(tx: Queryable, kind: TransferKind, tenantId: string, id: string, now: Date): Promise<boolean> {
  const peek = await loadTransferRow(tx, kind, tenantId, id);
  await loadAccountRow(tx, tenantId, peek.account_id, true);
  const r = await loadTransferRow(tx, kind, tenantId, id, true);
  if (r.status !== 'pending') return false;
  // A withdrawal still selling holdings completes 3 business days after its ACH is sent.
  if (r.liquidation_state && r.liquidation_state !== 'sent') return false;
  const amount = new Decimal(r.amount);
  const returnCode = kind === 'deposit' ? (r.sandbox_return_code ?? null) : null;
  if (returnCode) {
    await journal(tx, kind, r, {
      kind: 'deposit_return',
      postings: depositReturned(r.account_id, amount),
      entry: { type: 'deposit', amount: amount.neg(), description: `ACH deposit returned by the bank (${returnCode})` },
    }, now);
    await tx.query(`UPDATE deposits SET status = 'returned', return_code = $3, returned_at = $4 WHERE tenant_id = $1 AND id = $2`, [tenantId, id, returnCode, now]);
  } else {
    const postings = kind === 'deposit' ? depositSettled(r.account_id, amount) : withdrawalSettled(r.account_id, amount);
    await journal(tx, kind, r, { kind: kind === 'deposit' ? 'deposit_settle' : 'withdrawal_settle', postings }, now);
    await tx.query(`UPDATE ${TABLE[kind]} SET status = 'complete', completed_at = $3 WHERE tenant_id = $1 AND id = $2`, [tenantId, id, now]);
    if (kind === 'deposit') await cashSettled(tx, { tenantId, accountId: r.account_id, source: 'deposit', amount, refId: id }, now);
  }
  await emitTransfer(tx, kind, await loadTransferRow(tx, kind, tenantId, id), 'pending', now);
  return true;
}

export async function retrieveTransfer(tx: Queryable, kind: TransferKind, tenantId: string, id: string) {
  return transferJson(kind, await loadTransferRow(tx, kind, tenantId, id));
}

export function transferListSpec(kind: TransferKind, tenantId: string, filters: { account_id?: string | undefined; status?: string | undefined }): ListSpec {
  const params: unknown[] = [tenantId];
  let where = 'tenant_id = $1';
  for (const name of ['account_id', 'status'] as const) {
    const v = filters[name];
    if (v === undefined) continue;
    params.push(v);
    where += ` AND ${name} = $${params.length}`;
  }
  return { table: TABLE[kind], where, params, columns: COLUMNS[kind] };
}

/** A bank account with a pending transfer cannot be unlinked. */
export async function pendingTransferOnBankAccount(tx: Queryable, tenantId: string, bankAccountId: string): Promise<string | null> {
  for (const kind of ['deposit', 'withdrawal'] as const) {
    const { rows } = await tx.query(
      `SELECT 1 FROM ${TABLE[kind]} WHERE tenant_id = $1 AND bank_account_id = $2 AND status = 'pending' LIMIT 1`,
      [tenantId, bankAccountId],
    );
    if (rows.length > 0) return `bank account ${bankAccountId} has a pending ${kind}`;
  }
  return null;
}

let hooksInstalled = false;
/** Wires money into the identity resources: account balances from the ledger, the unlink guard. */
export function installMoneyHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  setAccountValuation(ledgerAccountValuation);
  addBankAccountDeleteGuard(pendingTransferOnBankAccount);
}
