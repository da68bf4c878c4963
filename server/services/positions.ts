// Positions: an account's open tax lots grouped per asset and valued at the tenant's current
// quote; and the holdings valuation (portfolio_market_value, the withdrawal limit) behind it.
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, previousTradingDayOnOrBefore, session } from '../domain/calendar.ts';
import { tenantClockNow } from './tenant-clock.ts';
import { Decimal, moneyString, priceString, quantityString, toCents } from '../domain/money.ts';
import type { ListSpec } from '../db/paging.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import type { ShockSchedule } from '../market/provider.ts';

type Position = components['schemas']['Position'];


/** Shocks always read: production tenants simply have none. */
const shocksOf = (tx: Queryable, tenantId: string) => tenantShocks(tx, tenantId, 'sandbox');

/** Shares an account holds of one symbol (free or held for a sell), as the ledger's balances give it. */
export interface Holding {
  asset: string;
  amount: string;
}

/** Prices holdings at the tenant's current quotes: shares × price per symbol, to the cent. */
export async function priceHoldings(tx: Queryable, tenantId: string, holdings: Holding[]): Promise<Decimal> {
  const now = await tenantClockNow(tx, tenantId);
  const shocks = await shocksOf(tx, tenantId);
  let total = new Decimal(0);
  for (const r of holdings) total = total.plus(toCents(new Decimal(r.amount).times(marketData.quoteAt(r.asset, now, shocks).price)));
  return total;
}

export interface PositionRow {
  asset_id: string;
  symbol: string;
  quantity: string;
  cost_basis: string;
}

interface LotRow {
  id: string;
  quantity: string;
  price: string;
  cost_basis: string;
  acquired_at: Date;
  /** The loss disallowed by wash sales, added to cost_basis (0010_harvesting.sql). */
  wash_sale_disallowed: string;
}

/** The close of the session before the one `date` names. */
function lastdayPrice(symbol: string, date: string, shocks: ShockSchedule): Decimal {
  const prev = session(previousTradingDayOnOrBefore(addCalendarDays(date, -1)))!;
  return marketData.quoteAt(symbol, prev.close, shocks).price;
}

async function positionJson(tx: Queryable, tenantId: string, accountId: string, r: PositionRow, now: Date, shocks: ShockSchedule): Promise<Position> {
  const asset = marketData.asset(r.symbol)!;
  const q = marketData.quoteAt(r.symbol, now, shocks);
  const lastday = lastdayPrice(r.symbol, q.session_date, shocks);
  const quantity = new Decimal(r.quantity);
  const basis = new Decimal(r.cost_basis);
  const marketValue = toCents(quantity.times(q.price));
  const { rows: lots } = await tx.query<LotRow>(
    `SELECT id, quantity, price, cost_basis, acquired_at, wash_sale_disallowed FROM tax_lots
      WHERE tenant_id = $1 AND account_id = $2 AND symbol = $3 AND quantity > 0 ORDER BY acquired_at, id`,
    [tenantId, accountId, r.symbol]);
  return {
    asset_id: r.asset_id,
    symbol: r.symbol,
    exchange: asset.exchange,
    asset_class: 'us_equity',
    quantity: quantityString(quantity),
    side: 'long',
    average_purchase_price: basis.div(quantity).toDecimalPlaces(4).toFixed(),
    market_value: moneyString(marketValue),
    cost_basis: moneyString(basis),
    unrealized_pl: moneyString(marketValue.minus(basis)),
    current_price: moneyString(q.price),
    lastday_price: moneyString(lastday),
    change_today: q.price.div(lastday).minus(1).toDecimalPlaces(4).toFixed(),
    lots: lots.map((l) => ({
      id: l.id,
      quantity: quantityString(new Decimal(l.quantity)),
      price: priceString(new Decimal(l.price)),
      cost_basis: moneyString(new Decimal(l.cost_basis)),
      acquired_at: l.acquired_at.toISOString(),
      wash_sale_disallowed: moneyString(new Decimal(l.wash_sale_disallowed)),
    })),
  };
}

/** The account's positions, one row per asset (cursor: asset_id). */
export function positionListSpec(tenantId: string, accountId: string): ListSpec {
  const table = `(SELECT tenant_id, account_id, asset_id, symbol, sum(quantity) AS quantity, sum(cost_basis) AS cost_basis
                    FROM tax_lots WHERE quantity > 0 GROUP BY tenant_id, account_id, asset_id, symbol) AS t`;
  return { table, where: 'tenant_id = $1 AND account_id = $2', params: [tenantId, accountId], cursorColumn: 'asset_id', filters: {} };
}

/** Turns a row of positionListSpec into a Position valued at `now` (under the tenant's shocks). */
export async function positionPricer(tx: Queryable, tenantId: string, accountId: string, now: Date): Promise<(r: PositionRow) => Promise<Position>> {
  const shocks = await shocksOf(tx, tenantId);
  return (r) => positionJson(tx, tenantId, accountId, r, now, shocks);
}
