// The deposits and withdrawals tables: their rows, how a transfer is read, written and shown
// (JSON and transition events), and when it settles. Transfers and liquidation both build on it.
import type { Scope } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import { uuidv7 } from '../random.ts';
import type { FinosEnv } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { nyDate, nyInstant, OPEN_HH_MM, settlementDate } from '../domain/calendar.ts';
import type { TenantClock } from '../domain/clock.ts';
import { Decimal, moneyString, parseMoney } from '../domain/money.ts';
import { notFound } from '../errors.ts';
import { emitEvent } from './events.ts';
import type { Listeners } from './hooks.ts';

type Deposit = components['schemas']['Deposit'];
type Withdrawal = components['schemas']['Withdrawal'];
type TransferStatus = components['schemas']['WithdrawalStatus'];
type TransferRequest = components['schemas']['DepositCreateRequest'];
export type TransferKind = 'deposit' | 'withdrawal';


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

export const TABLE = { deposit: 'deposits', withdrawal: 'withdrawals' } as const;
/** liquidation_order_ids as JSON, so both engines read it back as the same array. */
export const COLUMNS = {
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

export const transferJson = (kind: TransferKind, r: TransferRow) => (kind === 'deposit' ? depositJson(r) : withdrawalJson(r));

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

/** When a transfer made at `now` settles: 09:30 New York time (the open) on its settlement day. */
export function settlementOf(kind: TransferKind, now: Date): { date: string; at: Date } {
  const date = settlementDate(nyDate(now), kind);
  return { date, at: nyInstant(date, OPEN_HH_MM) };
}

export async function insertTransfer(tx: Queryable, kind: TransferKind, c: Scope, body: TransferRequest, extra: Record<string, unknown>) {
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
