// The harvests table as the API and statements see it: its row, the JSON shape, the filter for
// the harvests listed (decisions and swaps back are not), the list, and reading one row.
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import type { IsoDate } from '../domain/calendar.ts';
import { Decimal, moneyString, quantityString } from '../domain/money.ts';
import type { ListSpec } from '../db/paging.ts';

type Harvest = components['schemas']['Harvest'];

export interface HarvestRow {
  tenant_id: string;
  id: string;
  account_id: string;
  kind: 'harvest' | 'swap_back';
  status: 'pending' | 'canceled' | 'sold' | 'buying' | 'completed' | 'buy_failed';
  asset_class_id: string;
  sold_symbol: string;
  replacement_symbol: string;
  lot_ids: string[];
  swap_of: string | null;
  decided_at: Date;
  sell_at: Date;
  sell_order_id: string | null;
  buy_order_id: string | null;
  quantity: string;
  proceeds: string;
  /** Proceeds − basis of the shares sold (negative for a harvest). */
  realized_loss: string;
  /** A DATE column: read back as text (see dateText). */
  wash_sale_window_ends: string | Date | null;
  created_at: Date;
  completed_at: Date | null;
}

/** DATE columns come back as a string from PGlite and as a local-midnight Date from node-postgres. */
function dateText(d: string | Date): IsoDate {
  if (typeof d === 'string') return d.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function harvestJson(r: HarvestRow): Harvest {
  return {
    id: r.id,
    account_id: r.account_id,
    asset_class_id: r.asset_class_id,
    sold_symbol: r.sold_symbol,
    replacement_symbol: r.replacement_symbol,
    quantity: quantityString(new Decimal(r.quantity)),
    proceeds: moneyString(new Decimal(r.proceeds)),
    realized_loss: moneyString(new Decimal(r.realized_loss)),
    sell_order_id: r.sell_order_id!,
    buy_order_id: r.buy_order_id,
    wash_sale_window_ends: dateText(r.wash_sale_window_ends!),
    created_at: r.created_at.toISOString(),
  };
}

/**
 * The rows of the harvests table that are harvests as the API shows them: sells placed that sold
 * something (not the scan's decisions, not swaps back). Statements and lists filter with it.
 */
export const LISTED_HARVESTS = `kind = 'harvest' AND sell_order_id IS NOT NULL AND status <> 'canceled'`;

/** GET /v1/accounts/{id}/harvests. */
export function harvestListSpec(tenantId: string, accountId: string): ListSpec {
  return {
    table: 'harvests',
    where: `tenant_id = $1 AND account_id = $2 AND ${LISTED_HARVESTS}`,
    params: [tenantId, accountId],
    filters: {},
  };
}

export async function loadHarvestRow(tx: Queryable, tenantId: string, id: string, forUpdate = false): Promise<HarvestRow | null> {
  const { rows } = await tx.query<HarvestRow>(
    `SELECT * FROM harvests WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [tenantId, id]);
  return rows[0] ?? null;
}
