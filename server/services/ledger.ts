// Stores journals (server/domain/ledger.ts checks them first) and keeps ledger_balances in the
// same transaction; reads balances, the account valuation and the transactions list.
import type { Request } from 'express';
import { v7 as uuidv7 } from 'uuid';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import {
  balanceKey, checkBalanced, USD, type AccountBook, type JournalKind, type Posting,
} from '../domain/ledger.ts';
import { Decimal, moneyString, quantityString } from '../domain/money.ts';
import type { AccountBalances } from './accounts.ts';
import { requestFailed } from '../http/errors.ts';
import { listPage, type Page } from '../http/pagination.ts';

type Transaction = components['schemas']['Transaction'];
type TransactionType = components['schemas']['TransactionType'];

export interface NewJournal {
  tenantId: string;
  accountId: string;
  kind: JournalKind;
  refType: 'deposit' | 'withdrawal' | 'order' | 'dividend' | 'fee';
  refId: string | null;
  postings: Posting[];
  /** Makes the journal a line of the account's transactions (amount signed from the account's side). */
  entry?: { type: TransactionType; amount: Decimal; description: string };
  /** Tenant time. */
  now: Date;
}

/**
 * Writes a balanced journal and moves the balances it touches. The caller holds the account's
 * row lock. A book that would go negative makes the database refuse (402 naming `amount`).
 */
export async function postJournal(tx: Queryable, j: NewJournal): Promise<string> {
  checkBalanced(j.postings);
  const id = uuidv7();
  await tx.query(
    `INSERT INTO ledger_journals (tenant_id, id, account_id, kind, ref_type, ref_id, entry_type, entry_amount, description, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [j.tenantId, id, j.accountId, j.kind, j.refType, j.refId, j.entry?.type ?? null, j.entry ? moneyString(j.entry.amount) : null,
      j.entry?.description ?? null, j.now],
  );
  await tx.query(
    `INSERT INTO ledger_postings (tenant_id, journal_id, account_id, book, asset, amount)
     SELECT $1, $2, p.account_id, p.book, p.asset, p.amount::numeric
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[]) AS p(account_id, book, asset, amount)`,
    [j.tenantId, id, j.postings.map((p) => p.accountId), j.postings.map((p) => p.book), j.postings.map((p) => p.asset),
      j.postings.map((p) => p.amount.toFixed())],
  );
  await moveBalances(tx, j.tenantId, j.postings);
  return id;
}

/** One upsert per account book touched, in key order so concurrent journals lock rows alike. */
async function moveBalances(tx: Queryable, tenantId: string, postings: Posting[]): Promise<void> {
  const deltas = new Map<string, { p: Posting; sum: Decimal }>();
  for (const p of postings) {
    if (p.accountId === null) continue; // system books are not materialized (see 0005_money.sql)
    const k = balanceKey(p.accountId, p.book, p.asset);
    const d = deltas.get(k);
    deltas.set(k, { p, sum: (d?.sum ?? new Decimal(0)).plus(p.amount) });
  }
  for (const k of [...deltas.keys()].sort()) {
    const { p, sum } = deltas.get(k)!;
    try {
      // UPDATE first: an upsert would check its negative insert candidate against the CHECK.
      // The caller's account lock means nobody else creates this account's rows meanwhile.
      const params = [tenantId, p.accountId, p.book, p.asset, sum.toFixed()];
      const updated = await tx.query(
        `UPDATE ledger_balances SET amount = amount + $5::numeric
          WHERE tenant_id = $1 AND account_id = $2 AND book = $3 AND asset = $4`, params);
      if (updated.rowCount === 0) {
        await tx.query('INSERT INTO ledger_balances (tenant_id, account_id, book, asset, amount) VALUES ($1, $2, $3, $4, $5::numeric)', params);
      }
    } catch (err) {
      // The transaction is aborted either way; the caller's rollback undoes the journal too.
      if ((err as { code?: string }).code !== '23514') throw err;
      throw requestFailed(`amount: more than the account's ${p.book} of ${p.asset}`, 'amount');
    }
  }
}

/** One book's balance (0 when never touched). */
export async function bookBalance(tx: Queryable, tenantId: string, accountId: string, book: AccountBook, asset = USD): Promise<Decimal> {
  const { rows } = await tx.query<{ amount: string }>(
    'SELECT amount FROM ledger_balances WHERE tenant_id = $1 AND account_id = $2 AND book = $3 AND asset = $4',
    [tenantId, accountId, book, asset],
  );
  return new Decimal(rows[0]?.amount ?? 0);
}

/** Values an account's holdings (positions × price). */
export type HoldingsValuation = (tx: Queryable, tenantId: string, accountId: string) => Promise<Decimal>;

/**
 * Holdings are valued by the positions service (open lots × the tenant's price), registered with
 * setHoldingsValuation at startup; the withdrawal limit and portfolio_market_value both use it.
 * Before registration (a bare ledger in unit tests) an account holds nothing.
 */
const noHoldings: HoldingsValuation = async () => new Decimal(0);
let holdingsValuation: HoldingsValuation = noHoldings;
export function setHoldingsValuation(v: HoldingsValuation): void {
  holdingsValuation = v;
}
export const holdingsMarketValue: HoldingsValuation = (tx, tenantId, accountId) => holdingsValuation(tx, tenantId, accountId);

/** The setAccountValuation hook: settled cash only, and holdings at market. */
export async function ledgerAccountValuation(tx: Queryable, tenantId: string, accountId: string): Promise<AccountBalances> {
  const [cash, holdings] = await Promise.all([
    bookBalance(tx, tenantId, accountId, 'cash'),
    holdingsMarketValue(tx, tenantId, accountId),
  ]);
  return { available_cash: moneyString(cash), portfolio_market_value: moneyString(holdings) };
}

interface EntryRow {
  id: string;
  entry_type: TransactionType;
  ref_id: string | null;
  entry_amount: string;
  description: string;
  created_at: Date;
  /** The fill behind a trade entry (trade_fills, 0006_orders.sql); null otherwise. */
  fill: { symbol: string; quantity: string; price: string; side: 'buy' | 'sell' } | null;
}

const entryJson = (r: EntryRow): Transaction => ({
  id: r.id,
  type: r.entry_type,
  source_id: r.ref_id,
  amount: moneyString(new Decimal(r.entry_amount)),
  symbol: r.fill?.symbol ?? null,
  quantity: r.fill ? quantityString(new Decimal(r.fill.quantity)) : null,
  price: r.fill ? new Decimal(r.fill.price).toFixed(2) : null,
  side: r.fill?.side ?? null,
  description: r.description,
  created_at: r.created_at.toISOString(),
});

const ENTRY_COLUMNS = `id, entry_type, ref_id, entry_amount, description, created_at,
  (SELECT json_build_object('symbol', f.symbol, 'quantity', f.quantity::text, 'price', f.price::text, 'side', f.side)
     FROM trade_fills f WHERE f.tenant_id = ledger_journals.tenant_id AND f.journal_id = ledger_journals.id) AS fill`;

/** The account's transactions: journals that are entries, newest first by default. */
export function listTransactions(req: Request, db: Queryable, tenantId: string, accountId: string, type: TransactionType | null): Promise<Page<Transaction>> {
  const base = 'tenant_id = $1 AND account_id = $2 AND entry_type IS NOT NULL';
  const spec = type === null
    ? { table: 'ledger_journals', where: base, params: [tenantId, accountId] }
    : { table: 'ledger_journals', where: `${base} AND entry_type = $3`, params: [tenantId, accountId, type] };
  return listPage(req, db, { ...spec, columns: ENTRY_COLUMNS }, entryJson);
}
