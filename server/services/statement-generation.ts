// Generating monthly statements after each month end: one tenant-month at a time, set-based over
// all the tenant's accounts; each statement is rendered to PDF, stored and announced.
//
// The rules (docs/guides/statements.md):
// - A statement covers one calendar month in New York time: from 00:00 America/New_York on the
//   1st (inclusive) to 00:00 on the 1st of the next month (exclusive). It is generated at that
//   instant by the tenant clock (or whenever the scheduler next runs after it).
// - An account gets one when it had a ledger journal in the month (any money or order movement)
//   or holds anything at the month's end (a non-zero book, or shares).
// - Cash is the sum of the cash, cash_pending and cash_held books: settled cash plus money on its
//   way in (unsettled deposits and sale proceeds) plus money reserved for open buys and pending
//   withdrawals. Balances at an instant come from the ledger: today's balances minus the postings
//   of journals created at or after that instant.
// - Holdings at an instant are the tax lots bought before it, with the shares and basis that lot
//   sales at or after it took out added back. They are valued at the quote in force at the
//   instant, which at midnight is the last session's close (with the tenant's sandbox shocks),
//   each holding rounded to the cent half-even like positions.
// - Realized gains are the month's lot sales, short or long term per holdingTerm().
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { addMonths, nyDate, type IsoDate } from '../domain/calendar.ts';
import { Decimal, toCents } from '../domain/money.ts';
import {
  holdingTerm, renderStatementPdf, type StatementData, type StatementHarvest, type StatementHolding,
  type StatementRealizedGain, type StatementTransaction,
} from '../domain/statement-pdf.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { emitEvent } from './events.ts';
import { LISTED_HARVESTS } from './harvest-rows.ts';
import type { LinkIssuer } from './statement-links.ts';
import { monthEnd, monthOf, nyMidnight, statementJson, statementsDueAt, type StatementRow } from './statements.ts';

/** The month whose statements are due next for a tenant, or null when none is due by `until`. */
export async function nextStatementMonth(tx: Queryable, tenantId: string, until: Date, after: IsoDate | null): Promise<IsoDate | null> {
  // Nothing can happen in a tenant before it exists, and tenant clocks only move forward: the
  // first month is the one the tenant was created in; then each month after the last generated.
  const { rows } = await tx.query<{ created_at: Date; last: string | null }>(
    `SELECT t.created_at, (SELECT to_char(max(r.period_start), 'YYYY-MM-DD') FROM statement_runs r WHERE r.tenant_id = t.id) AS last
       FROM tenants t WHERE t.id = $1`, [tenantId]);
  const t = rows[0];
  if (!t) return null;
  let month = t.last ? addMonths(t.last, 1) : monthOf(nyDate(t.created_at));
  if (after && month <= after) month = addMonths(after, 1);
  return statementsDueAt(month).getTime() <= until.getTime() ? month : null;
}

/** One tenant-month being generated: its days, its instants, and when it is generated. */
interface Month {
  tenantId: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  /** 00:00 New York on the 1st of the month, and on the 1st of the next. */
  start: Date;
  end: Date;
  now: Date;
}

interface BalanceRow {
  account_id: string;
  book: string;
  asset: string;
  opening: string;
  closing: string;
}

interface LotHoldingRow {
  account_id: string;
  symbol: string;
  quantity: string;
  cost_basis: string;
}

interface AccountRow { id: string; account_number: string; owner: string; joint: string | null }
interface EntryRow { account_id: string; entry_type: string; entry_amount: string; description: string; created_at: Date }
interface SaleRow {
  account_id: string; symbol: string; acquired_at: Date; sold_at: Date; quantity: string; proceeds: string; cost_basis: string; realized_gain: string;
}
interface CashFigures { opening: Decimal; closing: Decimal }

/** Everything the month's statements are made from, per account. */
interface MonthFigures {
  accounts: AccountRow[];
  cash: Map<string, CashFigures>;
  openingLots: Map<string, LotHoldingRow[]>;
  closingLots: Map<string, LotHoldingRow[]>;
  entries: Map<string, EntryRow[]>;
  sales: Map<string, SaleRow[]>;
  harvests: Map<string, Array<{ account_id: string; harvest: StatementHarvest }>>;
  /** The price in force at an instant, with the tenant's sandbox shocks. */
  price: (symbol: string, at: Date) => Decimal;
}

const CASH_BOOKS = new Set(['cash', 'cash_pending', 'cash_held']);
const zero = () => new Decimal(0);

const groupBy = <T extends { account_id: string }>(rows: T[]) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.account_id);
    if (list) list.push(r);
    else out.set(r.account_id, [r]);
  }
  return out;
};

/**
 * Generates the statements of one tenant-month at `now` (tenant time; may be later than the
 * month's end, the figures are as of the month's instants either way). Runs once per tenant and
 * month: a second call finds the month done and returns 0. Answers the statements made.
 */
export async function generateStatements(tx: Queryable, tenantId: string, periodStart: IsoDate, now: Date, issuer: LinkIssuer): Promise<number> {
  if (!(await claimMonth(tx, tenantId, periodStart, now))) return 0;
  const month: Month = {
    tenantId, periodStart, periodEnd: monthEnd(periodStart), start: nyMidnight(periodStart), end: statementsDueAt(periodStart), now,
  };
  const figures = await gatherMonth(tx, month);
  if (!figures) return 0;
  for (const a of figures.accounts) await storeStatement(tx, month, a.id, statementData(month, a, figures), issuer);
  await tx.query('UPDATE statement_runs SET statements = $3 WHERE tenant_id = $1 AND period_start = $2', [tenantId, periodStart, figures.accounts.length]);
  return figures.accounts.length;
}

/** Takes the tenant-month for this call; false when it was generated (or is being generated) already. */
async function claimMonth(tx: Queryable, tenantId: string, periodStart: IsoDate, now: Date): Promise<boolean> {
  const claimed = await tx.query(
    `INSERT INTO statement_runs (tenant_id, period_start, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, period_start) DO NOTHING RETURNING period_start`, [tenantId, periodStart, now]);
  return claimed.rows.length > 0;
}

/** The month's figures of every account that gets a statement; null when no account does. */
async function gatherMonth(tx: Queryable, m: Month): Promise<MonthFigures | null> {
  const { inScope, cash } = await cashAndScope(tx, m);
  const [openLots, closeLots] = [await holdingsAt(tx, m.tenantId, m.start), await holdingsAt(tx, m.tenantId, m.end)];
  for (const h of closeLots) inScope.add(h.account_id);
  if (inScope.size === 0) return null;
  const accounts = await accountsOf(tx, m.tenantId, [...inScope]);
  const entries = await entriesIn(tx, m);
  const sales = await salesIn(tx, m);
  const harvests = await harvestsIn(tx, m.tenantId, m.start, m.end);
  const shocks = await tenantShocks(tx, m.tenantId, 'sandbox');
  return {
    accounts, cash, openingLots: groupBy(openLots), closingLots: groupBy(closeLots),
    entries: groupBy(entries), sales: groupBy(sales), harvests: groupBy(harvests),
    price: (symbol, at) => marketData.quoteAt(symbol, at, shocks).price,
  };
}

/**
 * Cash at both instants per account, and the accounts in scope so far: those with a journal in the
 * month or a non-zero book at its end. Balances at an instant are today's rolled back by the postings since.
 */
async function cashAndScope(tx: Queryable, m: Month): Promise<{ inScope: Set<string>; cash: Map<string, CashFigures> }> {
  const { rows: balances } = await tx.query<BalanceRow>(
    `WITH moved AS (
       SELECT p.account_id, p.book, p.asset,
              coalesce(sum(p.amount) FILTER (WHERE j.created_at >= $3), 0) AS after_end,
              coalesce(sum(p.amount) FILTER (WHERE j.created_at < $3), 0) AS during
         FROM ledger_journals j JOIN ledger_postings p ON p.tenant_id = j.tenant_id AND p.journal_id = j.id
        WHERE j.tenant_id = $1 AND j.created_at >= $2 AND p.account_id IS NOT NULL
        GROUP BY p.account_id, p.book, p.asset)
     SELECT account_id, book, asset,
            (coalesce(b.amount, 0) - coalesce(m.after_end, 0) - coalesce(m.during, 0))::text AS opening,
            (coalesce(b.amount, 0) - coalesce(m.after_end, 0))::text AS closing
       FROM (SELECT account_id, book, asset, amount FROM ledger_balances WHERE tenant_id = $1) b
       FULL JOIN moved m USING (account_id, book, asset)`, [m.tenantId, m.start, m.end]);
  const { rows: active } = await tx.query<{ account_id: string }>(
    'SELECT DISTINCT account_id FROM ledger_journals WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3', [m.tenantId, m.start, m.end]);

  const inScope = new Set(active.map((r) => r.account_id));
  const cash = new Map<string, CashFigures>();
  for (const b of balances) {
    const closing = new Decimal(b.closing);
    if (!closing.isZero()) inScope.add(b.account_id);
    if (!CASH_BOOKS.has(b.book) || b.asset !== 'USD') continue;
    const c = cash.get(b.account_id) ?? { opening: zero(), closing: zero() };
    cash.set(b.account_id, { opening: c.opening.plus(b.opening), closing: c.closing.plus(closing) });
  }
  return { inScope, cash };
}

/** Every account's lots held at `at`, per symbol: quantity and remaining basis. */
async function holdingsAt(tx: Queryable, tenantId: string, at: Date): Promise<LotHoldingRow[]> {
  const { rows } = await tx.query<LotHoldingRow>(
    `SELECT l.account_id, l.symbol, sum(l.quantity + coalesce(s.quantity, 0))::text AS quantity,
            sum(l.cost_basis + coalesce(s.cost_basis, 0))::text AS cost_basis
       FROM tax_lots l
       LEFT JOIN (SELECT lot_id, sum(quantity) AS quantity, sum(cost_basis) AS cost_basis FROM lot_sales
                   WHERE tenant_id = $1 AND sold_at >= $2 GROUP BY lot_id) s ON s.lot_id = l.id
      WHERE l.tenant_id = $1 AND l.acquired_at < $2 AND (l.quantity > 0 OR s.quantity IS NOT NULL)
      GROUP BY l.account_id, l.symbol
     HAVING sum(l.quantity + coalesce(s.quantity, 0)) > 0
      ORDER BY l.account_id, l.symbol`, [tenantId, at]);
  return rows;
}

/** The accounts' numbers and owners' names, by account number. */
async function accountsOf(tx: Queryable, tenantId: string, ids: string[]): Promise<AccountRow[]> {
  const { rows } = await tx.query<AccountRow>(
    `SELECT a.id, a.account_number, u.first_name || ' ' || u.last_name AS owner,
            CASE WHEN a.ownership = 'joint' AND a.joint_first_name IS NOT NULL THEN a.joint_first_name || ' ' || a.joint_last_name END AS joint
       FROM accounts a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
      WHERE a.tenant_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.account_number`, [tenantId, ids]);
  return rows;
}

/** The month's ledger entries that statements list as transactions. */
async function entriesIn(tx: Queryable, m: Month): Promise<EntryRow[]> {
  const { rows } = await tx.query<EntryRow>(
    `SELECT account_id, entry_type, entry_amount::text AS entry_amount, description, created_at FROM ledger_journals
      WHERE tenant_id = $1 AND entry_type IS NOT NULL AND created_at >= $2 AND created_at < $3
      ORDER BY account_id, created_at, id`, [m.tenantId, m.start, m.end]);
  return rows;
}

/** The month's lot sales, with each lot's symbol and purchase instant. */
async function salesIn(tx: Queryable, m: Month): Promise<SaleRow[]> {
  const { rows } = await tx.query<SaleRow>(
    `SELECT l.account_id, l.symbol, l.acquired_at, s.sold_at, s.quantity::text AS quantity, s.proceeds::text AS proceeds,
            s.cost_basis::text AS cost_basis, s.realized_gain::text AS realized_gain
       FROM lot_sales s JOIN tax_lots l ON l.tenant_id = s.tenant_id AND l.id = s.lot_id
      WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $3
      ORDER BY l.account_id, s.sold_at, s.id`, [m.tenantId, m.start, m.end]);
  return rows;
}

/** What the PDF of one account's statement shows. */
function statementData(m: Month, a: AccountRow, f: MonthFigures): StatementData {
  const valued = (rows: LotHoldingRow[] | undefined, at: Date): StatementHolding[] => (rows ?? []).map((h) => {
    const quantity = new Decimal(h.quantity);
    const p = f.price(h.symbol, at);
    return { symbol: h.symbol, quantity, price: p, marketValue: toCents(quantity.times(p)), costBasis: new Decimal(h.cost_basis) };
  });
  const total = (hs: StatementHolding[]) => hs.reduce((x, h) => x.plus(h.marketValue), zero());
  const holdings = valued(f.closingLots.get(a.id), m.end);
  const openingHoldings = valued(f.openingLots.get(a.id), m.start);
  const transactions: StatementTransaction[] = (f.entries.get(a.id) ?? []).map((e) => ({
    date: nyDate(e.created_at), type: e.entry_type, description: e.description, amount: new Decimal(e.entry_amount),
  }));
  const realized: StatementRealizedGain[] = (f.sales.get(a.id) ?? []).map((s) => {
    const acquired = nyDate(s.acquired_at);
    const date = nyDate(s.sold_at);
    return {
      date, symbol: s.symbol, acquired, quantity: new Decimal(s.quantity), proceeds: new Decimal(s.proceeds),
      costBasis: new Decimal(s.cost_basis), gain: new Decimal(s.realized_gain), term: holdingTerm(acquired, date),
    };
  });
  const c = f.cash.get(a.id) ?? { opening: zero(), closing: zero() };
  return {
    accountNumber: a.account_number,
    owner: a.joint ? `${a.owner} and ${a.joint}` : a.owner,
    periodStart: m.periodStart, periodEnd: m.periodEnd, generatedAt: m.now,
    openingCash: c.opening, closingCash: c.closing,
    openingMarketValue: total(openingHoldings), closingMarketValue: total(holdings),
    transactions, holdings, realized,
    harvests: (f.harvests.get(a.id) ?? []).map((h) => h.harvest),
  };
}

/** Renders the account's statement, stores it with its totals, and announces statement.created. */
async function storeStatement(tx: Queryable, m: Month, accountId: string, data: StatementData, issuer: LinkIssuer): Promise<void> {
  const termTotal = (term: 'short' | 'long') => data.realized.filter((r) => r.term === term).reduce((x, r) => x.plus(r.gain), zero());
  const pdf = await renderStatementPdf(data);
  const row: StatementRow = { id: uuidv7(), account_id: accountId, period_start: m.periodStart, period_end: m.periodEnd, created_at: m.now };
  await tx.query(
    `INSERT INTO statements (tenant_id, id, account_id, period_start, period_end, opening_cash, closing_cash,
       opening_market_value, closing_market_value, realized_short_term, realized_long_term, pdf, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [m.tenantId, row.id, accountId, m.periodStart, m.periodEnd, data.openingCash.toFixed(2), data.closingCash.toFixed(2),
      data.openingMarketValue.toFixed(2), data.closingMarketValue.toFixed(2), termTotal('short').toFixed(2), termTotal('long').toFixed(2), pdf, m.now]);
  await emitEvent(tx, {
    tenantId: m.tenantId, type: 'statement.created', object: statementJson(row, issuer) as unknown as Record<string, unknown>, previousStatus: null, now: m.now,
  });
}

/**
 * The month's tax-loss harvests per account, as GET /v1/accounts/{id}/harvests shows them
 * (harvests, not swaps back, whose sell was placed and not canceled), by when the sell was placed.
 */
async function harvestsIn(tx: Queryable, tenantId: string, start: Date, end: Date): Promise<Array<{ account_id: string; harvest: StatementHarvest }>> {
  const { rows } = await tx.query<{ account_id: string; sold_symbol: string; replacement_symbol: string; quantity: string; proceeds: string; realized_loss: string; created_at: Date }>(
    `SELECT account_id, sold_symbol, replacement_symbol, quantity::text AS quantity, proceeds::text AS proceeds,
            realized_loss::text AS realized_loss, created_at
       FROM harvests
      WHERE tenant_id = $1 AND ${LISTED_HARVESTS} AND created_at >= $2 AND created_at < $3
      ORDER BY account_id, created_at, id`, [tenantId, start, end]);
  return rows.map((h) => ({
    account_id: h.account_id,
    harvest: {
      date: nyDate(h.created_at), soldSymbol: h.sold_symbol, replacementSymbol: h.replacement_symbol,
      quantity: new Decimal(h.quantity), proceeds: new Decimal(h.proceeds), realizedLoss: new Decimal(h.realized_loss),
    },
  }));
}
