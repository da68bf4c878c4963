// ACH deposits and withdrawals: start (checks, ledger journal, event), settle or return when due
// (called by the scheduler and the settlement job), retrieve and list. Every money-moving step
// locks the account row first, so requests on one account serialize. A withdrawal above settled
// cash sells holdings first (services/liquidation.ts) and settles 3 business days after it is sent.
import type { Scope } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import {
  depositReturned, depositSettled, depositStarted, withdrawalSettled, withdrawalStarted, type JournalKind,
} from '../domain/ledger.ts';
import { Decimal, moneyString, parseMoney } from '../domain/money.ts';
import { badRequest, notFound, requestFailed, validationError } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { cashSettled, type Listeners } from './hooks.ts';
import { lockAccount, requireActive } from './accounts.ts';
import { bookBalance, postJournal } from './ledger.ts';
import { ACCOUNT_VALUE_LIMIT, accountWorth, limitText, TRANSFER_LIMIT } from './limits.ts';
import { createLiquidatingWithdrawal, sellableValue } from './liquidation.ts';
import {
  COLUMNS, depositJson, emitTransfer, insertTransfer, loadTransferRow, TABLE, transferJson, withdrawalJson, type TransferKind, type TransferRow,
} from './transfer-rows.ts';

export {
  depositJson, emitTransfer, insertTransfer, loadTransferRow, pendingTransferOnBankAccount, settlementOf, withdrawalJson, type TransferKind, type TransferRow,
} from './transfer-rows.ts';

type Deposit = components['schemas']['Deposit'];
type Withdrawal = components['schemas']['Withdrawal'];
type TransferRequest = components['schemas']['DepositCreateRequest'];

/** The sandbox's magic bank account: deposits from a number ending in 0000 come back R01. */
export const SANDBOX_RETURNING_LAST4 = '0000';
export const SANDBOX_RETURN_CODE = 'R01';

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
async function checkEnds(tx: Queryable, c: Scope, body: TransferRequest): Promise<BankAccountRef> {
  if (parseMoney(body.amount, 'amount').gt(TRANSFER_LIMIT)) {
    throw validationError(`amount: must be at most ${limitText(TRANSFER_LIMIT)} per transfer`, 'amount');
  }
  const account = await lockAccount(tx, c.tenantId, body.account_id);
  requireActive(account, 'move money');
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

export async function createDeposit(tx: Queryable, c: Scope, body: TransferRequest): Promise<Deposit> {
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

export async function createWithdrawal(tx: Queryable, c: Scope, body: TransferRequest): Promise<Withdrawal> {
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
export async function settleTransfer(
  tx: Queryable, on: Listeners, kind: TransferKind, tenantId: string, id: string, now: Date,
): Promise<boolean> {
  const peek = await loadTransferRow(tx, kind, tenantId, id);
  await lockAccount(tx, tenantId, peek.account_id);
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
    if (kind === 'deposit') await cashSettled(on, tx, { tenantId, accountId: r.account_id, source: 'deposit', amount, refId: id }, now);
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
