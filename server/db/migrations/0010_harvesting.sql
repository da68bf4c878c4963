-- Tax-loss harvesting and wash sales (IRS Publication 550) in managed investment accounts:
-- the loss sales that open 30-day windows, the wash sales matched against them (the disallowed
-- loss moves into the replacement lot's basis), the harvests (and the swaps back to the primary
-- after the window), and the daily scan's cursor.

-- The loss disallowed by wash sales and added to this lot's cost_basis (cost_basis includes it),
-- and how many of the lot's shares already serve as the replacement of some loss sale.
ALTER TABLE tax_lots ADD COLUMN wash_sale_disallowed numeric NOT NULL DEFAULT 0
  CHECK (wash_sale_disallowed >= 0 AND scale(wash_sale_disallowed) <= 2);
ALTER TABLE tax_lots ADD COLUMN wash_replacement_quantity numeric NOT NULL DEFAULT 0
  CHECK (wash_replacement_quantity >= 0 AND scale(wash_replacement_quantity) <= 4);
-- "Bought within the last 30 days" looks at every lot of a symbol, sold out or not.
CREATE INDEX tax_lots_acquired ON tax_lots (tenant_id, account_id, symbol, acquired_at);

-- Every lot sale at a loss in a managed account: it blocks buying the symbol back through
-- window_ends (the sale's New York date + 30) and is matched, share for share, with purchases
-- of the symbol within 30 days before or after it.
CREATE TABLE loss_sales (
  tenant_id         uuid        NOT NULL REFERENCES tenants (id),
  lot_sale_id       uuid        NOT NULL,
  account_id        uuid        NOT NULL,
  symbol            text        NOT NULL,
  sold_at           timestamptz NOT NULL,
  window_ends       date        NOT NULL,
  quantity          numeric     NOT NULL CHECK (quantity > 0 AND scale(quantity) <= 4),
  -- The loss, positive (−realized_gain of the lot sale).
  loss              numeric     NOT NULL CHECK (loss > 0 AND scale(loss) <= 2),
  matched_quantity  numeric     NOT NULL DEFAULT 0 CHECK (matched_quantity >= 0 AND matched_quantity <= quantity),
  disallowed        numeric     NOT NULL DEFAULT 0 CHECK (disallowed >= 0 AND disallowed <= loss),
  PRIMARY KEY (tenant_id, lot_sale_id),
  FOREIGN KEY (tenant_id, lot_sale_id) REFERENCES lot_sales (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX loss_sales_window ON loss_sales (tenant_id, account_id, symbol, window_ends);
CREATE INDEX loss_sales_open ON loss_sales (tenant_id, window_ends);

-- A wash sale: shares of a replacement lot matched with a loss sale, and the loss disallowed.
CREATE TABLE wash_sales (
  tenant_id           uuid        NOT NULL REFERENCES tenants (id),
  id                  uuid        NOT NULL,
  account_id          uuid        NOT NULL,
  symbol              text        NOT NULL,
  lot_sale_id         uuid        NOT NULL,
  replacement_lot_id  uuid        NOT NULL,
  quantity            numeric     NOT NULL CHECK (quantity > 0 AND scale(quantity) <= 4),
  disallowed_loss     numeric     NOT NULL CHECK (disallowed_loss >= 0 AND scale(disallowed_loss) <= 2),
  created_at          timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, lot_sale_id) REFERENCES loss_sales (tenant_id, lot_sale_id),
  FOREIGN KEY (tenant_id, replacement_lot_id) REFERENCES tax_lots (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX wash_sales_account ON wash_sales (tenant_id, account_id, id);
CREATE INDEX wash_sales_lot ON wash_sales (tenant_id, replacement_lot_id);

-- A harvest (sell lots at a loss, buy the class's alternate) or a swap back (after the window,
-- sell the alternate, buy the primary). The daily scan decides (pending, due at sell_at: the next
-- open); the sell is placed then (sold); when its proceeds settle, the buy (buying); when the buy
-- finishes (completed). canceled: the decision no longer held at the open (or the sell got
-- nothing); buy_failed: the buy could not be placed or filled nothing (the cash stays).
CREATE TABLE harvests (
  tenant_id              uuid        NOT NULL REFERENCES tenants (id),
  id                     uuid        NOT NULL,
  account_id             uuid        NOT NULL,
  kind                   text        NOT NULL CHECK (kind IN ('harvest', 'swap_back')),
  status                 text        NOT NULL CHECK (status IN ('pending', 'canceled', 'sold', 'buying', 'completed', 'buy_failed')),
  asset_class_id         text        NOT NULL,
  sold_symbol            text        NOT NULL,
  replacement_symbol     text        NOT NULL,
  -- The lots chosen (sold by specific identification).
  lot_ids                uuid[]      NOT NULL,
  -- A swap back: the harvest it undoes.
  swap_of                uuid        NULL,
  decided_at             timestamptz NOT NULL,
  sell_at                timestamptz NOT NULL,
  sell_order_id          uuid        NULL,
  buy_order_id           uuid        NULL,
  quantity               numeric     NOT NULL DEFAULT 0 CHECK (quantity >= 0 AND scale(quantity) <= 4),
  proceeds               numeric     NOT NULL DEFAULT 0 CHECK (proceeds >= 0 AND scale(proceeds) <= 2),
  -- Proceeds minus the basis of the shares sold (the sum of the lot sales' realized_gain): negative for
  -- a harvest (the API's realized_loss); a swap back may realize a gain.
  realized_loss          numeric     NOT NULL DEFAULT 0 CHECK (scale(realized_loss) <= 2),
  -- The sale's New York date + 30; null for a swap back that sold at a gain.
  wash_sale_window_ends  date        NULL,
  -- When the sell was placed (the harvest as the API shows it); decided_at until then.
  created_at             timestamptz NOT NULL,
  completed_at           timestamptz NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, sell_order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, buy_order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, swap_of) REFERENCES harvests (tenant_id, id),
  CHECK (kind = 'swap_back' OR status IN ('pending', 'canceled') OR wash_sale_window_ends IS NOT NULL),
  CHECK ((kind = 'swap_back') = (swap_of IS NOT NULL))
);
-- The list (GET /v1/accounts/{id}/harvests).
CREATE INDEX harvests_account ON harvests (tenant_id, account_id, id) WHERE kind = 'harvest' AND sell_order_id IS NOT NULL AND status <> 'canceled';
CREATE INDEX harvests_due ON harvests (tenant_id, sell_at, id) WHERE status = 'pending';
CREATE INDEX harvests_sell_order ON harvests (tenant_id, sell_order_id) WHERE sell_order_id IS NOT NULL;
CREATE INDEX harvests_buy_order ON harvests (tenant_id, buy_order_id) WHERE buy_order_id IS NOT NULL;
CREATE INDEX harvests_open ON harvests (tenant_id, account_id, status) WHERE status IN ('pending', 'sold', 'buying', 'completed');

-- The daily scan's cursor per tenant: scans at or before last_scan_at have run. A tenant's first
-- look starts it at the tenant's clock then (no catching up on days before harvesting existed).
CREATE TABLE harvest_scans (
  tenant_id     uuid        NOT NULL PRIMARY KEY REFERENCES tenants (id),
  last_scan_at  timestamptz NOT NULL
);
