-- A liquidating withdrawal whose sales raised nothing (and the account had no cash to hold for
-- it) ends `failed`: nothing is sent, its hold is released, and failure_reason says why.
ALTER TABLE withdrawals DROP CONSTRAINT withdrawals_status_check;
ALTER TABLE withdrawals ADD CONSTRAINT withdrawals_status_check CHECK (status IN ('pending', 'complete', 'returned', 'failed'));
ALTER TABLE withdrawals ADD COLUMN failure_reason text NULL;
ALTER TABLE withdrawals ADD CONSTRAINT withdrawals_failure_reason CHECK ((status = 'failed') = (failure_reason IS NOT NULL));

-- Why a rebalancing run was skipped, as a code (note keeps the words): within_bands (a drift run
-- found the account back inside its bands), cash_pending (nothing to trade before pending cash
-- settles), nothing_to_trade (no trade of at least $1.00), orders_refused (no order could be placed).
ALTER TABLE rebalances ADD COLUMN skip_reason text NULL
  CHECK (skip_reason IN ('within_bands', 'cash_pending', 'nothing_to_trade', 'orders_refused'));
UPDATE rebalances SET skip_reason = CASE
    WHEN note LIKE 'Drift below%' THEN 'within_bands'
    WHEN note LIKE 'Nothing to trade before%' THEN 'cash_pending'
    WHEN note LIKE 'No order could be placed%' THEN 'orders_refused'
    ELSE 'nothing_to_trade' END
  WHERE state = 'skipped';
ALTER TABLE rebalances ADD CONSTRAINT rebalances_skip_reason CHECK ((state = 'skipped') = (skip_reason IS NOT NULL));

-- An order's average fill price comes from its fills' prices (Σ quantity × price ÷ Σ quantity),
-- not from their cash, which is rounded to the cent against the customer.
ALTER TABLE orders ADD COLUMN filled_gross numeric NOT NULL DEFAULT 0 CHECK (filled_gross >= 0);
UPDATE orders o SET filled_gross = f.gross
  FROM (SELECT tenant_id, order_id, sum(quantity * price) AS gross FROM trade_fills GROUP BY tenant_id, order_id) f
 WHERE f.tenant_id = o.tenant_id AND f.order_id = o.id;
