// Dividends: which dividend events of the symbols a tenant holds are due, who held the symbol at
// the start of the ex-date, and the payment on the pay date (cash credited, a transactions line,
// then the cash-settled hook, through which managed accounts reinvest).
//
// Rules (docs/guides/dividends.md):
// - The schedule is the simulated market's (market/dividends.ts): quarterly, ex-date the first
//   trading day on or after the 10th of each pay month, paid 7 calendar days later (next trading day).
// - Holders are read from the ledger: the account's shares of the symbol (the securities and
//   securities_held books) summed over journals made strictly before the ex-date's open, i.e. the
//   shares held when the ex-date began (no trade fills outside the session). A buy on or after the
//   ex-date gets nothing; a sale on or after the ex-date still gets paid.
// - Each account is paid shares × amount_per_share rounded to the cent, half-even (banker's
//   rounding), on the pay date at 09:30 New York time, straight into settled cash (`cash`): the
//   payer is the `market` system book. A payment that rounds to $0.00 is not made.
// - The scheduler pays holders one account at a time (processed.dividends counts payments), then
//   closes the event (dividend_runs.completed_at); the unique (account, symbol, ex-date) of
//   dividend_payments makes a second payment impossible.
import { uuidv7 } from '../random.ts';
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, nyDate, nyInstant, OPEN_HH_MM } from '../domain/calendar.ts';
import { accountBook, move, systemBook, USD } from '../domain/ledger.ts';
import { Decimal, moneyString, quantityString, toCents } from '../domain/money.ts';
import { dividendsBetween, type DividendEvent } from '../market/dividends.ts';
import { lookupSymbol } from '../market/universe.ts';
import { lockAccount } from './accounts.ts';
import { cashSettled, type Listeners } from './hooks.ts';
import { postJournal } from './ledger.ts';

/** Dividends are paid at the pay date's open (09:30 New York), like every other settlement. */
export const payInstant = (e: Pick<DividendEvent, 'pay_date'>): Date => nyInstant(e.pay_date, OPEN_HH_MM);
/** Holdings count as of the ex-date's open: nothing fills between the previous close and it. */
export const exInstant = (e: Pick<DividendEvent, 'ex_date'>): Date => nyInstant(e.ex_date, OPEN_HH_MM);

/** One account's dividend: shares × rate, to the cent, half-even. */
export const dividendAmount = (shares: Decimal, perShare: Decimal): Decimal => toCents(shares.times(perShare));

/** An event's key: `ex_date|symbol` (unique per tenant). */
export const eventKey = (e: Pick<DividendEvent, 'ex_date' | 'symbol'>) => `${e.ex_date}|${e.symbol}`;

/**
 * Scheduler items: one per account to pay (`ex_date|symbol|account_id`), then one that closes the
 * event (`ex_date|symbol|~`, after every uuid), all at the pay instant. So the advance's
 * `processed.dividends` counts payments, and an event with no holders is closed without a payment.
 */
export const CLOSE = '~';
export const itemId = (e: Pick<DividendEvent, 'ex_date' | 'symbol'>, accountId: string) => `${eventKey(e)}|${accountId}`;

export function parseItemId(id: string): { event: DividendEvent; accountId: string } | null {
  const [ex, symbol, accountId] = id.split('|');
  const entry = symbol ? lookupSymbol(symbol) : undefined;
  if (!entry || !ex || !accountId) return null;
  const event = dividendsBetween(entry, ex, ex)[0];
  return event ? { event, accountId } : null;
}

export interface DueDividend {
  at: Date;
  id: string;
}

const isAfter = (at: Date, id: string, after: { at: Date; id: string } | null) =>
  !after || at.getTime() > after.at.getTime() || (at.getTime() === after.at.getTime() && id > after.id);

/**
 * The earliest due item, in (pay instant, id) order, strictly after `after` and paid no later than
 * `until`: of the events not yet closed, of symbols the tenant has ever held. Only events whose
 * ex-date falls after the day a symbol was first acquired can have holders, so the search starts there.
 */
export async function nextDueDividend(
  tx: Queryable, tenantId: string, until: Date, after: { at: Date; id: string } | null,
): Promise<DueDividend | null> {
  // Each symbol's first acquisition by a loose index scan over tax_lots_symbol (one probe per
  // symbol, not a pass over every lot): the scheduler asks this after every item it runs.
  const { rows: held } = await tx.query<{ symbol: string; first: Date }>(
    `WITH RECURSIVE s (symbol, first) AS (
       (SELECT symbol, acquired_at FROM tax_lots WHERE tenant_id = $1 ORDER BY symbol, acquired_at LIMIT 1)
       UNION ALL
       SELECT n.symbol, n.acquired_at FROM s CROSS JOIN LATERAL (
         SELECT symbol, acquired_at FROM tax_lots WHERE tenant_id = $1 AND symbol > s.symbol ORDER BY symbol, acquired_at LIMIT 1) n
     )
     SELECT symbol, first FROM s`, [tenantId]);
  if (held.length === 0) return null;
  const { rows: runs } = await tx.query<{ symbol: string; ex_date: string }>(
    'SELECT symbol, ex_date FROM dividend_runs WHERE tenant_id = $1 AND completed_at IS NOT NULL', [tenantId]);
  const closed = new Set(runs.map((r) => eventKey(r)));
  const to = nyDate(until);
  const events: Array<{ event: DividendEvent; at: Date; key: string }> = [];
  for (const h of held) {
    const entry = lookupSymbol(h.symbol);
    if (!entry) continue;
    for (const event of dividendsBetween(entry, addCalendarDays(nyDate(h.first), 1), to)) {
      const at = payInstant(event);
      const key = eventKey(event);
      // Every item of an event sorts at or before `key|~`: skip events wholly behind the cursor.
      if (at.getTime() > until.getTime() || closed.has(key) || !isAfter(at, itemId(event, CLOSE), after)) continue;
      events.push({ event, at, key });
    }
  }
  // Ordered as their item ids compare: by `key|`, so symbol V's items do not sort before VTI's.
  const prefix = (k: string) => `${k}|`;
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || (prefix(a.key) < prefix(b.key) ? -1 : prefix(a.key) > prefix(b.key) ? 1 : 0));
  for (const { event, at } of events) {
    const { rows: paid } = await tx.query<{ account_id: string }>(
      'SELECT account_id FROM dividend_payments WHERE tenant_id = $1 AND symbol = $2 AND ex_date = $3', [tenantId, event.symbol, event.ex_date]);
    const done = new Set(paid.map((r) => r.account_id));
    const ids = (await holdersAtEx(tx, tenantId, event))
      .filter((h) => !done.has(h.accountId) && dividendAmount(h.shares, event.amount_per_share).gt(0))
      .map((h) => itemId(event, h.accountId));
    const id = [...ids, itemId(event, CLOSE)].find((x) => isAfter(at, x, after));
    if (id) return { at, id };
  }
  return null;
}

/** Each account's shares of the symbol at the start of the ex-date (from the ledger), account id order; one account when given. */
export async function holdersAtEx(tx: Queryable, tenantId: string, event: DividendEvent, accountId?: string): Promise<Array<{ accountId: string; shares: Decimal }>> {
  const { rows } = await tx.query<{ account_id: string; shares: string }>(
    `SELECT p.account_id, sum(p.amount) AS shares
       FROM ledger_postings p JOIN ledger_journals j ON j.tenant_id = p.tenant_id AND j.id = p.journal_id
      WHERE p.tenant_id = $1 AND p.asset = $2 AND p.book IN ('securities', 'securities_held') AND j.created_at < $3
        AND ($4::uuid IS NULL OR p.account_id = $4::uuid)
      GROUP BY p.account_id HAVING sum(p.amount) > 0 ORDER BY p.account_id`,
    [tenantId, event.symbol, exInstant(event), accountId ?? null]);
  return rows.map((r) => ({ accountId: r.account_id, shares: new Decimal(r.shares) }));
}

async function openRun(tx: Queryable, tenantId: string, event: DividendEvent, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO dividend_runs (tenant_id, symbol, ex_date, pay_date, amount_per_share, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [tenantId, event.symbol, event.ex_date, event.pay_date, event.amount_per_share.toFixed(4), now]);
}

/**
 * Pays one account its dividend at `now` (the pay instant, or later for a real-time tenant): cash
 * from the market book, a transactions line, the payment row, then the cash-settled hook. False
 * when it was already paid or it is owed nothing.
 */
export async function payDividend(
  tx: Queryable, on: Listeners, tenantId: string, event: DividendEvent, accountId: string, now: Date,
): Promise<boolean> {
  await lockAccount(tx, tenantId, accountId);
  const already = await tx.query('SELECT 1 FROM dividend_payments WHERE tenant_id = $1 AND account_id = $2 AND symbol = $3 AND ex_date = $4',
    [tenantId, accountId, event.symbol, event.ex_date]);
  if (already.rows.length > 0) return false;
  const [holding] = await holdersAtEx(tx, tenantId, event, accountId);
  if (!holding) return false;
  const amount = dividendAmount(holding.shares, event.amount_per_share);
  if (amount.isZero()) return false;
  await openRun(tx, tenantId, event, now);
  const id = uuidv7();
  const journalId = await postJournal(tx, {
    tenantId, accountId, kind: 'dividend', refType: 'dividend', refId: id,
    postings: move(systemBook('market'), accountBook(accountId, 'cash'), USD, amount),
    entry: {
      type: 'dividend', amount,
      description: `Dividend on ${quantityString(holding.shares)} ${event.symbol} at ${event.amount_per_share.toFixed(4)} per share (ex-date ${event.ex_date})`,
    },
    now,
  });
  await tx.query(
    `INSERT INTO dividend_payments (tenant_id, id, account_id, symbol, ex_date, pay_date, quantity, amount_per_share, amount, journal_id, paid_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [tenantId, id, accountId, event.symbol, event.ex_date, event.pay_date, holding.shares.toFixed(), event.amount_per_share.toFixed(4),
      moneyString(amount), journalId, now]);
  await tx.query(
    `UPDATE dividend_runs SET accounts_paid = accounts_paid + 1, total_paid = total_paid + $4::numeric
      WHERE tenant_id = $1 AND symbol = $2 AND ex_date = $3`, [tenantId, event.symbol, event.ex_date, moneyString(amount)]);
  // Managed accounts reinvest: the rebalancing module listens to settled cash.
  await cashSettled(on, tx, { tenantId, accountId, source: 'dividend', amount, refId: id }, now);
  return true;
}

/** Closes an event once its holders are paid, so the scheduler stops looking at it. Never counts as a payment. */
export async function closeDividend(tx: Queryable, tenantId: string, event: DividendEvent, now: Date): Promise<false> {
  await openRun(tx, tenantId, event, now);
  await tx.query('UPDATE dividend_runs SET completed_at = $4 WHERE tenant_id = $1 AND symbol = $2 AND ex_date = $3 AND completed_at IS NULL',
    [tenantId, event.symbol, event.ex_date, now]);
  return false;
}
