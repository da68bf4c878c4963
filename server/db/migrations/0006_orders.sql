-- Orders, the tax lots their buys open (sold first in, first out), the realized gain of every
-- lot sale, and the T+1 settlement of sale proceeds (cash_pending → cash).

CREATE TABLE orders (
  tenant_id        uuid        NOT NULL REFERENCES tenants (id),
  id               uuid        NOT NULL,
  account_id       uuid        NOT NULL,
  client_order_id  text        NULL CHECK (length(client_order_id) BETWEEN 1 AND 48),
  symbol           text        NOT NULL CHECK (symbol ~ '^[A-Z][A-Z0-9.]{0,9}$'),
  side             text        NOT NULL CHECK (side IN ('buy', 'sell')),
  type             text        NOT NULL CHECK (type IN ('market', 'limit', 'stop', 'stop_limit')),
  time_in_force    text        NOT NULL CHECK (time_in_force IN ('day', 'gtc')),
  quantity         numeric     NULL CHECK (quantity > 0 AND scale(quantity) <= 4),
  notional         numeric     NULL CHECK (notional > 0 AND scale(notional) <= 2),
  limit_price      numeric     NULL CHECK (limit_price > 0 AND scale(limit_price) <= 2),
  stop_price       numeric     NULL CHECK (stop_price > 0 AND scale(stop_price) <= 2),
  filled_quantity  numeric     NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0 AND scale(filled_quantity) <= 4),
  -- The dollars of the fills so far (each fill's value rounded to the cent).
  filled_value     numeric     NOT NULL DEFAULT 0 CHECK (filled_value >= 0 AND scale(filled_value) <= 2),
  -- What the order still holds: dollars in cash_held for a buy, shares in securities_held for a sell.
  reserved         numeric     NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND scale(reserved) <= 4),
  status           text        NOT NULL CHECK (status IN ('new', 'accepted', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired')),
  -- A day order's session close; null for gtc.
  expires_at       timestamptz NULL,
  -- When a stop (or stop-limit) order's stop price was reached; from then on it works as market (limit).
  triggered_at     timestamptz NULL,
  -- The last instant the engine looked at the order (placement, then each minute it acted at);
  -- the minute step scans for its next chance from the minute after.
  worked_at        timestamptz NOT NULL,
  submitted_at     timestamptz NULL,
  filled_at        timestamptz NULL,
  expired_at       timestamptz NULL,
  canceled_at      timestamptz NULL,
  failed_at        timestamptz NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  CHECK ((quantity IS NULL) <> (notional IS NULL)),
  CHECK (notional IS NULL OR type = 'market'),
  -- Open orders hold something; finished ones hold nothing.
  CHECK (status IN ('new', 'accepted', 'partially_filled') OR reserved = 0)
);
CREATE UNIQUE INDEX orders_client_order_id ON orders (tenant_id, account_id, client_order_id) WHERE client_order_id IS NOT NULL;
CREATE INDEX orders_account ON orders (tenant_id, account_id, id);
CREATE INDEX orders_open ON orders (tenant_id, status, symbol) WHERE status IN ('new', 'accepted', 'partially_filled');
CREATE INDEX orders_expiring ON orders (tenant_id, expires_at, id) WHERE status IN ('new', 'accepted', 'partially_filled') AND expires_at IS NOT NULL;

CREATE TABLE tax_lots (
  tenant_id          uuid        NOT NULL REFERENCES tenants (id),
  id                 uuid        NOT NULL,
  account_id         uuid        NOT NULL,
  symbol             text        NOT NULL,
  -- The asset's id (hashed from the symbol): positions page by it.
  asset_id           uuid        NOT NULL,
  order_id           uuid        NOT NULL,
  -- Shares still held and their remaining basis; a lot sold out keeps its row at 0.
  quantity           numeric     NOT NULL CHECK (quantity >= 0 AND scale(quantity) <= 4),
  original_quantity  numeric     NOT NULL CHECK (original_quantity > 0 AND scale(original_quantity) <= 4),
  price              numeric     NOT NULL CHECK (price > 0),
  cost_basis         numeric     NOT NULL CHECK (cost_basis >= 0 AND scale(cost_basis) <= 2),
  acquired_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX tax_lots_open ON tax_lots (tenant_id, account_id, symbol, acquired_at, id) WHERE quantity > 0;

CREATE TABLE lot_sales (
  tenant_id      uuid        NOT NULL REFERENCES tenants (id),
  id             uuid        NOT NULL,
  lot_id         uuid        NOT NULL,
  order_id       uuid        NOT NULL,
  quantity       numeric     NOT NULL CHECK (quantity > 0 AND scale(quantity) <= 4),
  proceeds       numeric     NOT NULL CHECK (scale(proceeds) <= 2),
  cost_basis     numeric     NOT NULL CHECK (scale(cost_basis) <= 2),
  realized_gain  numeric     NOT NULL CHECK (realized_gain = proceeds - cost_basis),
  sold_at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, lot_id) REFERENCES tax_lots (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX lot_sales_lot ON lot_sales (tenant_id, lot_id);

-- Sale proceeds arrive in cash_pending and settle to cash T+1 at the open, like deposits.
CREATE TABLE trade_settlements (
  tenant_id   uuid        NOT NULL REFERENCES tenants (id),
  id          uuid        NOT NULL,
  account_id  uuid        NOT NULL,
  order_id    uuid        NOT NULL,
  amount      numeric     NOT NULL CHECK (amount > 0 AND scale(amount) <= 2),
  status      text        NOT NULL CHECK (status IN ('pending', 'complete')),
  settle_at   timestamptz NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX trade_settlements_due ON trade_settlements (tenant_id, settle_at, id) WHERE status = 'pending';

-- One row per fill, keyed by its trade journal: what the transactions list shows for a trade.
CREATE TABLE trade_fills (
  tenant_id   uuid        NOT NULL REFERENCES tenants (id),
  journal_id  uuid        NOT NULL,
  order_id    uuid        NOT NULL,
  symbol      text        NOT NULL,
  side        text        NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity    numeric     NOT NULL CHECK (quantity > 0 AND scale(quantity) <= 4),
  price       numeric     NOT NULL CHECK (price > 0),
  value       numeric     NOT NULL CHECK (value >= 0 AND scale(value) <= 2),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, journal_id),
  FOREIGN KEY (tenant_id, journal_id) REFERENCES ledger_journals (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX trade_fills_order ON trade_fills (tenant_id, order_id);
