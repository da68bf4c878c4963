// The book-keeping invariants of money and orders, read straight from the database (SQL, so they
// hold whatever the API says), for one tenant or for every tenant of a schema: the one set of
// checks every money, order, managed and reliability test asserts. Each check returns the rows
// that break it, labelled, so a failure names what is wrong instead of "expected [] to equal [...]".
import { expect } from 'vitest';

/** Anything that runs SQL with $n parameters: our Db (PGlite or pg pool) or a bare pg.Client. */
export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: any[] }>;

/** The pg.Client / Db `query` method as a Query. */
export const queryOf = (db: { query: (sql: string, params?: unknown[]) => Promise<{ rows: any[] }> }): Query => (sql, params) => db.query(sql, params ?? []);

// `$1` is a tenant id or null for every tenant of the schema.
const T = (alias = '') => `($1::uuid IS NULL OR ${alias}tenant_id = $1::uuid)`;

/**
 * The checks, as [what, SQL]. `withdrawalHeld` is the SQL for the cash a pending withdrawal holds:
 * its `held` column where withdrawals that sell holdings exist (they hold their cash at once and
 * the proceeds as they settle), else its whole amount.
 */
const checks = (withdrawalHeld: string): Array<[string, string]> => [
  // Double entry: every journal balances in every asset, and so does the whole ledger.
  ['journal whose postings do not sum to zero', `
    SELECT tenant_id, journal_id, asset, sum(amount)::text AS sum FROM ledger_postings WHERE ${T()}
     GROUP BY tenant_id, journal_id, asset HAVING sum(amount) <> 0`],
  ['asset whose postings do not sum to zero', `
    SELECT tenant_id, asset, sum(amount)::text AS sum FROM ledger_postings WHERE ${T()}
     GROUP BY tenant_id, asset HAVING sum(amount) <> 0`],
  // The running balances are exactly the sum of their postings.
  ['balance that is not the sum of its postings', `
    WITH p AS (SELECT tenant_id, account_id, book, asset, sum(amount) AS s FROM ledger_postings
                WHERE ${T()} AND account_id IS NOT NULL GROUP BY tenant_id, account_id, book, asset),
         b AS (SELECT tenant_id, account_id, book, asset, amount FROM ledger_balances WHERE ${T()})
    SELECT tenant_id, account_id, book, asset, p.s::text AS postings, b.amount::text AS balance
      FROM p FULL JOIN b USING (tenant_id, account_id, book, asset) WHERE coalesce(p.s, 0) <> coalesce(b.amount, 0)`],
  // No overdraft: settled cash, reserved cash and shares never go below zero.
  ['negative balance', `
    SELECT tenant_id, account_id, book, asset, amount::text FROM ledger_balances
     WHERE ${T()} AND book IN ('cash', 'cash_held', 'securities', 'securities_held') AND amount < 0`],
  // Positions = lots: the shares an account owns (free and held for sells) are its open tax lots.
  ['shares that differ from the open tax lots', `
    WITH s AS (SELECT tenant_id, account_id, asset AS symbol, sum(amount) AS q FROM ledger_balances
                WHERE ${T()} AND book IN ('securities', 'securities_held') GROUP BY tenant_id, account_id, asset),
         l AS (SELECT tenant_id, account_id, symbol, sum(quantity) AS q FROM tax_lots WHERE ${T()} GROUP BY tenant_id, account_id, symbol)
    SELECT tenant_id, account_id, symbol, s.q::text AS ledger, l.q::text AS lots
      FROM s FULL JOIN l USING (tenant_id, account_id, symbol) WHERE coalesce(s.q, 0) <> coalesce(l.q, 0)`],
  // What is held is exactly what open buys and pending withdrawals reserve ...
  ['cash_held that differs from open buy reservations plus pending withdrawals', `
    WITH r AS (SELECT tenant_id, account_id, reserved AS amount FROM orders WHERE ${T()} AND side = 'buy'
               UNION ALL
               SELECT tenant_id, account_id, ${withdrawalHeld} FROM withdrawals WHERE ${T()} AND status = 'pending'),
         o AS (SELECT tenant_id, account_id, sum(amount) AS r FROM r GROUP BY tenant_id, account_id),
         b AS (SELECT tenant_id, account_id, amount FROM ledger_balances WHERE ${T()} AND book = 'cash_held' AND asset = 'USD')
    SELECT tenant_id, account_id, o.r::text AS reserved, b.amount::text AS held
      FROM o FULL JOIN b USING (tenant_id, account_id) WHERE coalesce(o.r, 0) <> coalesce(b.amount, 0)`],
  // ... and the shares held are what open sells still reserve.
  ['securities_held that differ from open sell reservations', `
    WITH o AS (SELECT tenant_id, account_id, symbol, sum(reserved) AS r FROM orders WHERE ${T()} AND side = 'sell' GROUP BY tenant_id, account_id, symbol),
         b AS (SELECT tenant_id, account_id, asset AS symbol, amount FROM ledger_balances WHERE ${T()} AND book = 'securities_held')
    SELECT tenant_id, account_id, symbol, o.r::text AS reserved, b.amount::text AS held
      FROM o FULL JOIN b USING (tenant_id, account_id, symbol) WHERE coalesce(o.r, 0) <> coalesce(b.amount, 0)`],
  // No double fill: an order never fills past its quantity, and its fills add up to what it says.
  ['order filled past its quantity', `
    SELECT tenant_id, id, quantity::text, filled_quantity::text FROM orders
     WHERE ${T()} AND quantity IS NOT NULL AND filled_quantity > quantity`],
  ['order whose fills do not add up to its filled_quantity or filled_value', `
    WITH f AS (SELECT tenant_id, order_id AS id, sum(quantity) AS q, sum(value) AS v FROM trade_fills WHERE ${T()} GROUP BY tenant_id, order_id)
    SELECT o.tenant_id, o.id, o.filled_quantity::text, f.q::text AS fills, o.filled_value::text, f.v::text AS fill_values
      FROM orders o LEFT JOIN f ON f.tenant_id = o.tenant_id AND f.id = o.id
     WHERE ${T('o.')} AND (coalesce(f.q, 0) <> o.filled_quantity OR coalesce(f.v, 0) <> o.filled_value)`],
  ['filled order with a status other than filled, or the reverse', `
    SELECT tenant_id, id, status, quantity::text, filled_quantity::text FROM orders
     WHERE ${T()} AND quantity IS NOT NULL AND ((filled_quantity = quantity) <> (status = 'filled'))`],
  // The engine works an order once per market minute (at placement, then each minute it can act):
  // two fills of one order at one instant mean two processes filled the same minute.
  ['order filled twice at the same instant', `
    SELECT tenant_id, order_id, created_at, count(*) AS n FROM trade_fills WHERE ${T()}
     GROUP BY tenant_id, order_id, created_at HAVING count(*) > 1`],
  // Each lot a fill opened is one fill: no fill was recorded twice.
  ['buy fill without exactly one lot', `
    SELECT f.tenant_id, f.order_id, count(DISTINCT f.journal_id) AS fills, count(DISTINCT l.id) AS lots
      FROM trade_fills f LEFT JOIN tax_lots l ON l.tenant_id = f.tenant_id AND l.order_id = f.order_id
     WHERE ${T('f.')} AND f.side = 'buy' GROUP BY f.tenant_id, f.order_id HAVING count(DISTINCT f.journal_id) <> count(DISTINCT l.id)`],
  // One event per transition: an order reaches each status once, so it has at most one event of each type.
  ['order transition announced twice', `
    SELECT tenant_id, data->'object'->>'id' AS order_id, type, count(*) AS n FROM events
     WHERE ${T()} AND type LIKE 'ordertransition.%' GROUP BY tenant_id, data->'object'->>'id', type HAVING count(*) > 1`],
  ['order whose status was never announced', `
    SELECT o.tenant_id, o.id, o.status FROM orders o
     WHERE ${T('o.')} AND NOT EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = o.tenant_id AND e.type = 'ordertransition.' || o.status
                                         AND e.data->'object'->>'id' = o.id::text)`],
  // Sale proceeds: every sell fill's value is awaiting or has reached settlement, once.
  ['sale whose proceeds are not scheduled to settle exactly once', `
    WITH f AS (SELECT tenant_id, order_id, sum(value) AS v FROM trade_fills WHERE ${T()} AND side = 'sell' AND value > 0 GROUP BY tenant_id, order_id),
         s AS (SELECT tenant_id, order_id, sum(amount) AS v FROM trade_settlements WHERE ${T()} GROUP BY tenant_id, order_id)
    SELECT tenant_id, order_id, f.v::text AS fills, s.v::text AS settlements
      FROM f FULL JOIN s USING (tenant_id, order_id) WHERE coalesce(f.v, 0) <> coalesce(s.v, 0)`],
];

/** Every broken invariant, as "what: row" lines; [] when the books are sound. */
export async function invariantProblems(query: Query, tenantId: string | null = null): Promise<string[]> {
  const out: string[] = [];
  const { rows: held } = await query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'withdrawals' AND column_name = 'held'`);
  for (const [what, sql] of checks(held.length ? 'held' : 'amount')) {
    const { rows } = await query(sql, [tenantId]);
    for (const r of rows) out.push(`${what}: ${JSON.stringify(r)}`);
  }
  return out;
}

/** Asserts every invariant, of a Query or of a test app's database. */
export async function expectSoundBooks(from: Query | { db: Parameters<typeof queryOf>[0] }, tenantId: string | null = null, when = ''): Promise<void> {
  const query = typeof from === 'function' ? from : queryOf(from.db);
  expect(await invariantProblems(query, tenantId), `book-keeping invariants${when ? ` (${when})` : ''}`).toEqual([]);
}

/** Simple counts for logs and for "the load really did something" assertions. */
export async function orderCounts(query: Query, tenantId: string | null = null): Promise<{ orders: number; fills: number; open: number; canceled: number; lots: number }> {
  const { rows } = await query(
    `SELECT (SELECT count(*) FROM orders WHERE ${T()})::int AS orders,
            (SELECT count(*) FROM trade_fills WHERE ${T()})::int AS fills,
            (SELECT count(*) FROM orders WHERE ${T()} AND status IN ('new', 'accepted', 'partially_filled'))::int AS open,
            (SELECT count(*) FROM orders WHERE ${T()} AND status = 'canceled')::int AS canceled,
            (SELECT count(*) FROM tax_lots WHERE ${T()})::int AS lots`, [tenantId]);
  return rows[0];
}
