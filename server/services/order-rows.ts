// The orders table's row, as every module that reads or reacts to orders sees it: the order
// engine, the order and cash listeners, harvesting, rebalancing and liquidation.
import type { OrderSide, OrderStatus, OrderType } from '../domain/orders.ts';

export interface OrderRow {
  tenant_id: string;
  id: string;
  account_id: string;
  client_order_id: string | null;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  time_in_force: 'day' | 'gtc';
  quantity: string | null;
  notional: string | null;
  limit_price: string | null;
  stop_price: string | null;
  filled_quantity: string;
  filled_value: string;
  /** Σ quantity × price over the fills, exact: the average price comes from it (money.ts). */
  filled_gross: string;
  reserved: string;
  status: OrderStatus;
  expires_at: Date | null;
  triggered_at: Date | null;
  worked_at: Date;
  submitted_at: Date | null;
  filled_at: Date | null;
  expired_at: Date | null;
  canceled_at: Date | null;
  failed_at: Date | null;
  /** Lots a sell consumes first, in this order, before FIFO (tax-loss harvesting, liquidation); null for FIFO. */
  lot_ids: string[] | null;
  created_at: Date;
  updated_at: Date;
}
