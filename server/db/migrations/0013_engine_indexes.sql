-- The live engine's minute (jobs/order-engine.ts actingOrderIds) reaches the acting orders by
-- index range, however many rest: limit buys priced at or above the ask, limit sells at or
-- below the bid, and the few non-limit orders (market, stop, stop-limit) checked one by one.
CREATE INDEX orders_open_limit_buy ON orders (tenant_id, symbol, limit_price)
  WHERE status IN ('new', 'accepted', 'partially_filled') AND type = 'limit' AND side = 'buy';
CREATE INDEX orders_open_limit_sell ON orders (tenant_id, symbol, limit_price)
  WHERE status IN ('new', 'accepted', 'partially_filled') AND type = 'limit' AND side = 'sell';
CREATE INDEX orders_open_other ON orders (tenant_id, symbol)
  WHERE status IN ('new', 'accepted', 'partially_filled') AND type <> 'limit';
