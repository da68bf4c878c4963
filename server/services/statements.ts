// Monthly statements: generation after each month end (one tenant-month at a time, set-based
// over all the tenant's accounts), the list and retrieve answers with freshly signed links,
// and the signed PDF download.
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
import { v7 as uuidv7 } from 'uuid';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, addMonths, nyDate, nyInstant, type IsoDate } from '../domain/calendar.ts';
import { Decimal, toCents } from '../domain/money.ts';
import {
  holdingTerm, renderStatementPdf, type StatementData, type StatementHarvest, type StatementHolding,
  type StatementRealizedGain, type StatementTransaction,
} from '../domain/statement-pdf.ts';
import { ApiError, badRequest, forbidden, notFound } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import { checkStatementLink, statementLink } from '../security/signed-urls.ts';
import { emitEvent } from './events.ts';
import { LISTED_HARVESTS } from './harvest-rows.ts';
import type { LinkIssuer } from './statement-links.ts';

type Statement = components['schemas']['Statement'];

// ---- months ----

/** 00:00 New York time on `date`. DST changes at 02:00, so midnight shares the previous noon's offset. */
export function nyMidnight(date: IsoDate): Date {
  return new Date(nyInstant(addCalendarDays(date, -1), '12:00').getTime() + 12 * 3_600_000);
}
/** The first day of the month `date` is in. */
export const monthOf = (date: IsoDate): IsoDate => `${date.slice(0, 7)}-01`;
/** The last day of the month starting `periodStart`. */
export const monthEnd = (periodStart: IsoDate): IsoDate => addCalendarDays(addMonths(periodStart, 1), -1);
/** When the month starting `periodStart` is over and its statements are due: 00:00 New York on the next 1st. */
export const statementsDueAt = (periodStart: IsoDate): Date => nyMidnight(addMonths(periodStart, 1));

// ---- signed links ----

// Who signs the links: services/statement-links.ts.
export { linkIssuer, type LinkIssuer } from './statement-links.ts';

// ---- rows and JSON ----

const COLUMNS = `id, account_id, to_char(period_start, 'YYYY-MM-DD') AS period_start,
  to_char(period_end, 'YYYY-MM-DD') AS period_end, created_at`;

export interface StatementRow {
  id: string;
  account_id: string;
  period_start: string;
  period_end: string;
  created_at: Date;
}

/** The API shape, with a link signed now that works for 30 minutes of real time. */
export function statementJson(r: StatementRow, issuer: LinkIssuer): Statement {
  const link = statementLink(issuer.key, r.id, issuer.real.now());
  return {
    id: r.id,
    url: issuer.base + link.path,
    account_id: r.account_id,
    period_start: r.period_start,
    period_end: r.period_end,
    url_expires_at: link.expiresAt.toISOString(),
    created_at: r.created_at.toISOString(),
  };
}

export async function retrieveStatement(db: Queryable, tenantId: string, id: string, issuer: LinkIssuer): Promise<Statement> {
  const { rows } = await db.query<StatementRow>(`SELECT ${COLUMNS} FROM statements WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!rows[0]) throw notFound('statement', id);
  return statementJson(rows[0], issuer);
}

/**
 * The list's filter: statements of the account whose period overlaps [start_date, end_date].
 * Defaults: start_date = the tenant's today − 90 days, end_date = the last day of its current month.
 */
export function statementListSpec(tenantId: string, accountId: string, today: IsoDate, q: { start_date?: string; end_date?: string }): ListSpec {
  const start = q.start_date ?? addCalendarDays(today, -90);
  const end = q.end_date ?? monthEnd(monthOf(today));
  if (end < start) throw badRequest(`end_date: ${end} is before start_date ${start}`, 'end_date');
  return {
    table: 'statements',
    columns: COLUMNS,
    where: 'tenant_id = $1 AND account_id = $2 AND period_start <= $4::date AND period_end >= $3::date',
    params: [tenantId, accountId, start, end],
    filters: { account_id: accountId, start_date: start, end_date: end },
  };
}

// ---- the PDF behind a signed link ----

export interface StatementPdf {
  filename: string;
  pdf: Buffer;
}

/**
 * The PDF for a link's query. The signature and expiry are checked first (403), and only then
 * is the id looked up (404), so ids cannot be probed without a valid link. Statements of
 * tenants of the other environment are not served.
 */
export async function statementPdf(db: Queryable, env: string, issuer: LinkIssuer, id: string, expires: unknown, signature: unknown): Promise<StatementPdf> {
  const check = checkStatementLink(issuer.key, id, expires, signature, issuer.real.now());
  if (!check.ok) {
    const why = check.reason === 'expired'
      ? 'expires: the statement link has expired'
      : check.reason === 'malformed'
        ? `${check.field}: the statement link is malformed`
        : 'signature: the statement link signature is invalid';
    throw forbidden(`${why}; retrieve the statement for a new link`, check.field);
  }
  const { rows } = await db.query<{ pdf: Buffer | Uint8Array; period_start: string }>(
    `SELECT s.pdf, to_char(s.period_start, 'YYYY-MM') AS period_start
       FROM statements s JOIN tenants t ON t.id = s.tenant_id WHERE s.id = $1 AND t.env = $2`, [id, env]);
  if (!rows[0]) throw notFound('statement', id);
  return { filename: `statement-${rows[0].period_start}.pdf`, pdf: Buffer.from(rows[0].pdf) };
}

// ---- generation ----

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

const CASH_BOOKS = new Set(['cash', 'cash_pending', 'cash_held']);
const zero = () => new Decimal(0);

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
  const claimed = await tx.query(
    `INSERT INTO statement_runs (tenant_id, period_start, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, period_start) DO NOTHING RETURNING period_start`, [tenantId, periodStart, now]);
  if (claimed.rows.length === 0) return 0;
  const periodEnd = monthEnd(periodStart);
  const start = nyMidnight(periodStart);
  const end = statementsDueAt(periodStart);

  // Balances at both instants: today's balances rolled back by the postings since.
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
       FULL JOIN moved m USING (account_id, book, asset)`, [tenantId, start, end]);
  const { rows: active } = await tx.query<{ account_id: string }>(
    'SELECT DISTINCT account_id FROM ledger_journals WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3', [tenantId, start, end]);

  const inScope = new Set(active.map((r) => r.account_id));
  const cash = new Map<string, { opening: Decimal; closing: Decimal }>();
  for (const b of balances) {
    const closing = new Decimal(b.closing);
    if (!closing.isZero()) inScope.add(b.account_id);
    if (!CASH_BOOKS.has(b.book) || b.asset !== 'USD') continue;
    const c = cash.get(b.account_id) ?? { opening: zero(), closing: zero() };
    cash.set(b.account_id, { opening: c.opening.plus(b.opening), closing: c.closing.plus(closing) });
  }
  const [openLots, closeLots] = [await holdingsAt(tx, tenantId, start), await holdingsAt(tx, tenantId, end)];
  for (const h of closeLots) inScope.add(h.account_id);
  if (inScope.size === 0) return 0;
  const ids = [...inScope];

  const { rows: accounts } = await tx.query<{ id: string; account_number: string; owner: string; joint: string | null }>(
    `SELECT a.id, a.account_number, u.first_name || ' ' || u.last_name AS owner,
            CASE WHEN a.ownership = 'joint' AND a.joint_first_name IS NOT NULL THEN a.joint_first_name || ' ' || a.joint_last_name END AS joint
       FROM accounts a JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
      WHERE a.tenant_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.account_number`, [tenantId, ids]);
  const { rows: entries } = await tx.query<{ account_id: string; entry_type: string; entry_amount: string; description: string; created_at: Date }>(
    `SELECT account_id, entry_type, entry_amount::text AS entry_amount, description, created_at FROM ledger_journals
      WHERE tenant_id = $1 AND entry_type IS NOT NULL AND created_at >= $2 AND created_at < $3
      ORDER BY account_id, created_at, id`, [tenantId, start, end]);
  const { rows: sales } = await tx.query<{ account_id: string; symbol: string; acquired_at: Date; sold_at: Date; quantity: string; proceeds: string; cost_basis: string; realized_gain: string }>(
    `SELECT l.account_id, l.symbol, l.acquired_at, s.sold_at, s.quantity::text AS quantity, s.proceeds::text AS proceeds,
            s.cost_basis::text AS cost_basis, s.realized_gain::text AS realized_gain
       FROM lot_sales s JOIN tax_lots l ON l.tenant_id = s.tenant_id AND l.id = s.lot_id
      WHERE s.tenant_id = $1 AND s.sold_at >= $2 AND s.sold_at < $3
      ORDER BY l.account_id, s.sold_at, s.id`, [tenantId, start, end]);
  const harvests = await harvestsIn(tx, tenantId, start, end);

  const shocks = await tenantShocks(tx, tenantId, 'sandbox');
  const price = (symbol: string, at: Date) => marketData.quoteAt(symbol, at, shocks).price;
  const valued = (rows: LotHoldingRow[] | undefined, at: Date): StatementHolding[] => (rows ?? []).map((h) => {
    const quantity = new Decimal(h.quantity);
    const p = price(h.symbol, at);
    return { symbol: h.symbol, quantity, price: p, marketValue: toCents(quantity.times(p)), costBasis: new Decimal(h.cost_basis) };
  });
  const total = (hs: StatementHolding[]) => hs.reduce((a, h) => a.plus(h.marketValue), zero());

  const openingBy = groupBy(openLots);
  const closingBy = groupBy(closeLots);
  const entriesBy = groupBy(entries);
  const salesBy = groupBy(sales);
  const harvestsBy = groupBy(harvests);

  for (const a of accounts) {
    const holdings = valued(closingBy.get(a.id), end);
    const openingHoldings = valued(openingBy.get(a.id), start);
    const transactions: StatementTransaction[] = (entriesBy.get(a.id) ?? []).map((e) => ({
      date: nyDate(e.created_at), type: e.entry_type, description: e.description, amount: new Decimal(e.entry_amount),
    }));
    const realized: StatementRealizedGain[] = (salesBy.get(a.id) ?? []).map((s) => {
      const acquired = nyDate(s.acquired_at);
      const date = nyDate(s.sold_at);
      return {
        date, symbol: s.symbol, acquired, quantity: new Decimal(s.quantity), proceeds: new Decimal(s.proceeds),
        costBasis: new Decimal(s.cost_basis), gain: new Decimal(s.realized_gain), term: holdingTerm(acquired, date),
      };
    });
    const c = cash.get(a.id) ?? { opening: zero(), closing: zero() };
    const data: StatementData = {
      accountNumber: a.account_number,
      owner: a.joint ? `${a.owner} and ${a.joint}` : a.owner,
      periodStart, periodEnd, generatedAt: now,
      openingCash: c.opening, closingCash: c.closing,
      openingMarketValue: total(openingHoldings), closingMarketValue: total(holdings),
      transactions, holdings, realized,
      harvests: (harvestsBy.get(a.id) ?? []).map((h) => h.harvest),
    };
    const termTotal = (term: 'short' | 'long') => realized.filter((r) => r.term === term).reduce((x, r) => x.plus(r.gain), zero());
    const pdf = await renderStatementPdf(data);
    const row: StatementRow = { id: uuidv7(), account_id: a.id, period_start: periodStart, period_end: periodEnd, created_at: now };
    await tx.query(
      `INSERT INTO statements (tenant_id, id, account_id, period_start, period_end, opening_cash, closing_cash,
         opening_market_value, closing_market_value, realized_short_term, realized_long_term, pdf, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [tenantId, row.id, a.id, periodStart, periodEnd, c.opening.toFixed(2), c.closing.toFixed(2), data.openingMarketValue.toFixed(2),
        data.closingMarketValue.toFixed(2), termTotal('short').toFixed(2), termTotal('long').toFixed(2), pdf, now]);
    await emitEvent(tx, {
      tenantId, type: 'statement.created', object: statementJson(row, issuer) as unknown as Record<string, unknown>, previousStatus: null, now,
    });
  }
  await tx.query('UPDATE statement_runs SET statements = $3 WHERE tenant_id = $1 AND period_start = $2', [tenantId, periodStart, accounts.length]);
  return accounts.length;
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
