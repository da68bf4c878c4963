// Stores journals (server/domain/ledger.ts checks them first) and keeps ledger_balances in the
// same transaction; reads balances, the account valuation and the transactions list.
import { uuidv7 } from '../random.ts';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import {
  balanceKey, checkBalanced, netPostings, NON_NEGATIVE_BOOKS, USD, type AccountBook, type JournalKind, type Posting,
} from '../domain/ledger.ts';
import { Decimal, moneyString, priceString, quantityString } from '../domain/money.ts';
import { priceHoldings, type Holding } from './positions.ts';
import { requestFailed } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';

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
  /** The journal's id, when the caller draws it first (rows it writes before the journal then sort after it); else drawn here. */
  id?: string;
}

/**
 * Writes a balanced journal and moves the balances it touches. The caller holds the account's
 * row lock. A book that would go negative is refused (402 naming `amount`) and nothing is written.
 */
export async function postJournal(tx: Queryable, j: NewJournal): Promise<string> {
  checkBalanced(j.postings);
  const journal = journalCtes([j], 1);
  const { rows } = await tx.query<{ book: AccountBook; asset: string; balance: string }>(
    `WITH ${journal.sql} SELECT book, asset, balance::text AS balance FROM overdraft`, journal.params);
  if (rows[0]) throw refusal(rows[0]);
  return journal.ids[0]!;
}

/** postJournal's 402 for a journal the books refuse. */
export const refusal = (o: Pick<Overdraft, 'book' | 'asset'>) => requestFailed(`amount: more than the account's ${o.book} of ${o.asset}`, 'amount');

/** The first book (in balance-key order) a journal would take below zero, and its balance before. */
export interface Overdraft {
  book: AccountBook;
  asset: string;
  balance: Decimal;
}

/** Guards each write that rides along a journal: true unless the journal is refused. */
export const UNLESS_REFUSED = 'NOT EXISTS (SELECT 1 FROM overdraft)';

/** Writes of the caller's that go in the same statement as a journal (postJournalWith). */
export interface Alongside {
  /** CTE definitions (`name AS (…)`, comma-separated) over $1…$n, each write `WHERE ${UNLESS_REFUSED}`. */
  ctes: string;
  /** The CTE whose RETURNING row the statement answers. */
  answer: string;
  params: unknown[];
}

/**
 * postJournal plus the caller's own writes, in one statement (one round trip): answers the
 * `answer` CTE's row, or the refusal, in which case neither the journal nor the caller's guarded
 * writes are made.
 */
export async function postJournalWith<R>(tx: Queryable, j: NewJournal, w: Alongside): Promise<{ row: R } | { overdrawn: Overdraft }> {
  const r = await postJournalsWith<R>(tx, [j], w);
  return 'row' in r ? r : { overdrawn: r.overdrawn };
}

/**
 * Several journals of one account, applied in order, with the caller's writes, in one statement:
 * as if each were posted in turn (a book may not go below zero after any of them), but each
 * balance row moves once. A refusal names the first journal refused (its index) and the book.
 *
 * `netted`: the journals are checked in turn just the same, but stored as one, the last (its id,
 * kind and entry), carrying the net of all their postings. For steps that happen in one instant,
 * such as a reservation spent by the fill that follows it: the books must hold what the
 * reservation takes, yet nothing is left of it to store.
 */
export async function postJournalsWith<R>(
  tx: Queryable, js: NewJournal[], w: Alongside, netted = false,
): Promise<{ row: R } | { overdrawn: Overdraft; journal: number }> {
  for (const j of js) checkBalanced(j.postings);
  const journal = journalCtes(js, w.params.length + 1, netted);
  type Answer = R & { overdrawn_journal: number | null; overdrawn_book: AccountBook | null; overdrawn_asset: string | null; overdrawn_balance: string | null };
  const { rows } = await tx.query<Answer>(
    `WITH ${journal.sql},
     ${w.ctes}
     -- One row either way: the caller's row, or the refusal.
     SELECT a.*, o.jn AS overdrawn_journal, o.book AS overdrawn_book, o.asset AS overdrawn_asset, o.balance::text AS overdrawn_balance
       FROM (SELECT 1) AS one LEFT JOIN ${w.answer} a ON true LEFT JOIN overdraft o ON true`,
    [...w.params, ...journal.params]);
  const { overdrawn_journal: jn, overdrawn_book: book, overdrawn_asset: asset, overdrawn_balance: balance, ...row } = rows[0]!;
  if (book !== null) return { overdrawn: { book, asset: asset!, balance: new Decimal(balance!) }, journal: Number(jn) - 1 };
  return { row: row as unknown as R };
}

/**
 * Journals (of one tenant) as CTEs, their parameters numbered from $first: `overdraft` holds the
 * first book, in journal then key order, that a journal would take below zero (then nothing is
 * written), the others write the journals, their postings and the balances.
 */
function journalCtes(js: NewJournal[], first: number, netted = false): { ids: string[]; sql: string; params: unknown[] } {
  const { ids, params } = journalParams(js, netted);
  /** The journals' parameter n (1-based) in the statement. */
  const $ = (n: number) => `$${first + n - 1}`;
  const tenant = `${$(1)}::uuid`;
  const sql = `step AS (
       -- What each journal adds to each account book it touches (ord: the book's key order; jn: the journal's).
       SELECT * FROM unnest(${$(14)}::int[], ${$(15)}::int[], ${$(16)}::numeric[]) AS s(ord, jn, amount)
     ), delta AS MATERIALIZED (
       -- What the journals add together to each account book: one row per balance key, in key order.
       SELECT k.*, (SELECT sum(s.amount) FROM step s WHERE s.ord = k.ord) AS amount
         FROM unnest(${$(11)}::uuid[], ${$(12)}::text[], ${$(13)}::text[]) WITH ORDINALITY AS k(account_id, book, asset, ord)
        ORDER BY k.ord
     ), book AS MATERIALIZED (
       -- Each book the journals move, with its balance row's amount, or null for a book not
       -- created yet (the caller's account lock guards those). The rows are looked up by their
       -- whole key and locked one by one in key order, so concurrent journals lock alike and the
       -- lookup stays a key probe however many books the tenant has.
       SELECT d.ord, d.account_id, d.book, d.asset, d.amount AS delta, b.amount AS balance
         FROM delta d LEFT JOIN LATERAL (
           SELECT b.amount FROM ledger_balances b
            WHERE b.tenant_id = ${tenant} AND b.account_id = d.account_id AND b.book = d.book AND b.asset = d.asset
              FOR UPDATE) b ON true
     ), overdraft AS (
       -- The first book, in journal then key order, that may not go negative and would after that
       -- journal, with its balance before it: then nothing is written. (The CHECK on
       -- ledger_balances says the same at the end; this lets the refusal name the book.)
       SELECT s.jn, k.book, k.asset, coalesce(k.balance, 0) + s.before AS balance
         FROM (SELECT s.*, coalesce(sum(s.amount) OVER (PARTITION BY s.ord ORDER BY s.jn ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
                 FROM step s) s
         JOIN book k ON k.ord = s.ord
        WHERE k.book = ANY(${$(17)}::text[]) AND coalesce(k.balance, 0) + s.before + s.amount < 0
        ORDER BY s.jn, s.ord
        LIMIT 1
     ), journal AS (
       INSERT INTO ledger_journals (tenant_id, id, account_id, kind, ref_type, ref_id, entry_type, entry_amount, description, created_at)
       SELECT ${tenant}, j.id, j.account_id, j.kind, j.ref_type, j.ref_id, j.entry_type, j.entry_amount, j.description, j.created_at
         FROM unnest(${$(2)}::uuid[], ${$(3)}::uuid[], ${$(4)}::text[], ${$(5)}::text[], ${$(6)}::uuid[], ${$(7)}::text[],
                     ${$(8)}::numeric[], ${$(9)}::text[], ${$(10)}::timestamptz[])
              WITH ORDINALITY AS j(id, account_id, kind, ref_type, ref_id, entry_type, entry_amount, description, created_at, ord)
        WHERE ${UNLESS_REFUSED}
        ORDER BY j.ord
     ), postings AS (
       -- The postings in each journal's own order, journal after journal (their ids follow it).
       INSERT INTO ledger_postings (tenant_id, journal_id, account_id, book, asset, amount)
       SELECT ${tenant}, p.journal_id, p.account_id, p.book, p.asset, p.amount::numeric
         FROM unnest(${$(18)}::uuid[], ${$(19)}::uuid[], ${$(20)}::text[], ${$(21)}::text[], ${$(22)}::text[])
              WITH ORDINALITY AS p(journal_id, account_id, book, asset, amount, ord)
        WHERE ${UNLESS_REFUSED}
        ORDER BY p.ord
     ), moved AS (
       -- Existing balances move by their delta.
       UPDATE ledger_balances b SET amount = b.amount + k.delta
         FROM book k
        WHERE k.balance IS NOT NULL
          AND b.tenant_id = ${tenant} AND b.account_id = k.account_id AND b.book = k.book AND b.asset = k.asset
          AND ${UNLESS_REFUSED}
     ), created AS (
       -- A book touched for the first time starts at its delta.
       INSERT INTO ledger_balances (tenant_id, account_id, book, asset, amount)
       SELECT ${tenant}, k.account_id, k.book, k.asset, k.delta
         FROM book k
        WHERE k.balance IS NULL AND ${UNLESS_REFUSED}
     )`;
  return { ids, sql, params };
}

/**
 * journalCtes' parameters: the journals stored (netted: the last, with everyone's postings netted),
 * the balance keys in key order, each journal's step on each key, the postings.
 */
function journalParams(js: NewJournal[], netted: boolean): { ids: string[]; params: unknown[] } {
  const tenantId = js[0]!.tenantId;
  if (js.some((j) => j.tenantId !== tenantId)) throw new Error('journalCtes: journals of one tenant only');
  const stored = netted ? [{ ...js[js.length - 1]!, postings: netPostings(js.flatMap((j) => j.postings)) }] : js;
  const ids = stored.map((j) => j.id ?? uuidv7());
  // Each journal's net change per account book (system books have no balance row, see
  // 0005_money.sql); the keys of all of them, but for a key that ends where it started without
  // dipping below it: no journal can be refused there and its balance does not move, so its row is
  // neither locked nor written. The keys go in key order: every journal locks the rows it moves in
  // that order, so two journals never wait on each other crosswise.
  type Delta = Posting & { accountId: string };
  const perJournal = js.map((j) => netPostings(j.postings).filter((p): p is Delta => p.accountId !== null));
  const byKey = new Map<string, { d: Delta; run: Decimal; dips: boolean }>();
  for (const d of perJournal.flat()) {
    const k = balanceKey(d.accountId, d.book, d.asset);
    const seen = byKey.get(k) ?? { d, run: new Decimal(0), dips: false };
    seen.run = seen.run.plus(d.amount);
    seen.dips ||= seen.run.isNegative();
    byKey.set(k, seen);
  }
  const keys = [...byKey.entries()].filter(([, v]) => v.dips || !v.run.isZero())
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, { d }]) => ({ k, d }));
  const keyOrd = new Map(keys.map(({ k }, n) => [k, n + 1]));
  const steps = perJournal.flatMap((ds, jn) => ds.flatMap((d) => {
    const ord = keyOrd.get(balanceKey(d.accountId, d.book, d.asset));
    return ord === undefined ? [] : [{ ord, jn: jn + 1, amount: d.amount }];
  }));
  const postings = stored.flatMap((j, n) => j.postings.map((p) => ({ ...p, journalId: ids[n]! })));
  const params = [tenantId, ids, stored.map((j) => j.accountId), stored.map((j) => j.kind), stored.map((j) => j.refType), stored.map((j) => j.refId),
    stored.map((j) => j.entry?.type ?? null), stored.map((j) => (j.entry ? moneyString(j.entry.amount) : null)), stored.map((j) => j.entry?.description ?? null),
    stored.map((j) => j.now.toISOString()),
    keys.map(({ d }) => d.accountId), keys.map(({ d }) => d.book), keys.map(({ d }) => d.asset),
    steps.map((s) => s.ord), steps.map((s) => s.jn), steps.map((s) => s.amount.toFixed()),
    NON_NEGATIVE_BOOKS,
    postings.map((p) => p.journalId), postings.map((p) => p.accountId), postings.map((p) => p.book), postings.map((p) => p.asset),
    postings.map((p) => p.amount.toFixed())];
  return { ids, params };
}

/** One book's balance (0 when never touched). */
export async function bookBalance(tx: Queryable, tenantId: string, accountId: string, book: AccountBook, asset = USD): Promise<Decimal> {
  const { rows } = await tx.query<{ amount: string }>(
    'SELECT amount FROM ledger_balances WHERE tenant_id = $1 AND account_id = $2 AND book = $3 AND asset = $4',
    [tenantId, accountId, book, asset],
  );
  return new Decimal(rows[0]?.amount ?? 0);
}

export type { Holding };

export interface AccountBalances {
  available_cash: string;
  portfolio_market_value: string;
}
/** How account balances are read (ledgerAccountValuation below). */
export interface AccountValuation {
  read(tx: Queryable, tenantId: string, accountId: string): Promise<AccountBalances>;
  /**
   * The same read as a select-list expression over `a` (accounts), so that reading an account or a
   * page of accounts takes one statement, and the balances from what that expression returned.
   */
  inline?: { column: string; value(tx: Queryable, tenantId: string, read: unknown): Promise<AccountBalances> };
}

/** What an account is worth is read from these balances: settled USD cash and every held security. */
const valuationBalances = (tenant: string, account: string) => `SELECT book = 'cash' AS cash, asset, sum(amount) AS amount FROM ledger_balances
      WHERE tenant_id = ${tenant} AND account_id = ${account}
        AND ((book = 'cash' AND asset = 'USD') OR (book IN ('securities', 'securities_held') AND asset <> 'USD'))
      GROUP BY book = 'cash', asset`;
type BalanceRead = Array<{ cash: boolean; asset: string; amount: string }>;

async function valueBalances(tx: Queryable, tenantId: string, rows: BalanceRead): Promise<AccountBalances> {
  const cash = new Decimal(rows.find((r) => r.cash)?.amount ?? 0);
  const holdings = rows.filter((r) => !r.cash && new Decimal(r.amount).gt(0));
  const value = holdings.length === 0 ? new Decimal(0) : await priceHoldings(tx, tenantId, holdings);
  return { available_cash: moneyString(cash), portfolio_market_value: moneyString(value) };
}

/**
 * The account valuation: settled cash only, and holdings at market, from one read of the
 * balances, made on its own or (inline) as a column of the statement that reads the account.
 */
export const ledgerAccountValuation: AccountValuation = {
  async read(tx, tenantId, accountId) {
    const { rows } = await tx.query<BalanceRead[number]>(valuationBalances('$1', '$2'), [tenantId, accountId]);
    return valueBalances(tx, tenantId, rows);
  },
  inline: {
    // Amounts as text: JSON numbers would round NUMERIC.
    column: `(SELECT coalesce(json_agg(json_build_object('cash', v.cash, 'asset', v.asset, 'amount', v.amount::text)), '[]'::json)
      FROM (${valuationBalances('a.tenant_id', 'a.id')}) v)`,
    value: (tx, tenantId, read) => valueBalances(tx, tenantId, read as BalanceRead),
  },
};

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

export const entryJson = (r: EntryRow): Transaction => ({
  id: r.id,
  type: r.entry_type,
  source_id: r.ref_id,
  amount: moneyString(new Decimal(r.entry_amount)),
  symbol: r.fill?.symbol ?? null,
  quantity: r.fill ? quantityString(new Decimal(r.fill.quantity)) : null,
  price: r.fill ? priceString(new Decimal(r.fill.price)) : null,
  side: r.fill?.side ?? null,
  description: r.description,
  created_at: r.created_at.toISOString(),
});

const ENTRY_COLUMNS = `id, entry_type, ref_id, entry_amount, description, created_at,
  (SELECT json_build_object('symbol', f.symbol, 'quantity', f.quantity::text, 'price', f.price::text, 'side', f.side)
     FROM trade_fills f WHERE f.tenant_id = ledger_journals.tenant_id AND f.journal_id = ledger_journals.id) AS fill`;

/** The account's transactions: journals that are entries, newest first by default. */
export function transactionListSpec(tenantId: string, accountId: string, type: TransactionType | null): ListSpec {
  const base = 'tenant_id = $1 AND account_id = $2 AND entry_type IS NOT NULL';
  const spec = type === null
    ? { table: 'ledger_journals', where: base, params: [tenantId, accountId] }
    : { table: 'ledger_journals', where: `${base} AND entry_type = $3`, params: [tenantId, accountId, type] };
  return { ...spec, columns: ENTRY_COLUMNS };
}
