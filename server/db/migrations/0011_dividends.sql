-- Dividends (services/dividends.ts) and withdrawals that sell holdings (services/liquidation.ts).

-- One row per tenant and dividend event (symbol, ex-date), made when its pay date is first
-- processed; completed_at is set once every holder has been paid. The scheduler looks for events
-- not completed, so an event is worked through once and never again.
CREATE TABLE dividend_runs (
  tenant_id         uuid        NOT NULL REFERENCES tenants (id),
  symbol            text        NOT NULL CHECK (symbol ~ '^[A-Z][A-Z0-9.]{0,9}$'),
  ex_date           date        NOT NULL,
  pay_date          date        NOT NULL,
  amount_per_share  numeric     NOT NULL CHECK (amount_per_share > 0 AND scale(amount_per_share) <= 4),
  -- How many accounts were paid, and the dollars paid in all.
  accounts_paid     integer     NOT NULL DEFAULT 0 CHECK (accounts_paid >= 0),
  total_paid        numeric     NOT NULL DEFAULT 0 CHECK (total_paid >= 0 AND scale(total_paid) <= 2),
  -- Tenant time.
  created_at        timestamptz NOT NULL,
  completed_at      timestamptz NULL,
  PRIMARY KEY (tenant_id, symbol, ex_date)
);

-- One row per account paid: the shares it held at the start of the ex-date, the rate, and the
-- cash credited (shares × rate, to the cent, half-even). Unique per account and event, so an
-- account is never paid twice for one dividend.
CREATE TABLE dividend_payments (
  tenant_id         uuid        NOT NULL REFERENCES tenants (id),
  id                uuid        NOT NULL,
  account_id        uuid        NOT NULL,
  symbol            text        NOT NULL CHECK (symbol ~ '^[A-Z][A-Z0-9.]{0,9}$'),
  ex_date           date        NOT NULL,
  pay_date          date        NOT NULL,
  quantity          numeric     NOT NULL CHECK (quantity > 0 AND scale(quantity) <= 4),
  amount_per_share  numeric     NOT NULL CHECK (amount_per_share > 0 AND scale(amount_per_share) <= 4),
  amount            numeric     NOT NULL CHECK (amount > 0 AND scale(amount) <= 2),
  journal_id        uuid        NOT NULL,
  paid_at           timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, account_id, symbol, ex_date),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, journal_id) REFERENCES ledger_journals (tenant_id, id),
  FOREIGN KEY (tenant_id, symbol, ex_date) REFERENCES dividend_runs (tenant_id, symbol, ex_date)
);
CREATE INDEX dividend_payments_account ON dividend_payments (tenant_id, account_id, id);
CREATE INDEX dividend_payments_event ON dividend_payments (tenant_id, symbol, ex_date);

-- Holders at an ex-date are read from the ledger: the share postings of one symbol across the
-- tenant's accounts (partial, so cash postings do not pay for it).
CREATE INDEX ledger_postings_shares ON ledger_postings (tenant_id, asset, journal_id) WHERE book IN ('securities', 'securities_held');

-- The symbols a tenant has ever held come from tax_lots; this index answers "distinct symbols,
-- first acquired" for the dividend scheduler without reading every lot row's page.
CREATE INDEX tax_lots_symbol ON tax_lots (tenant_id, symbol, acquired_at);

-- A withdrawal the account's cash did not cover sells holdings first (liquidation_order_ids):
--   awaiting_open  the market was closed; the sells are placed at sell_at (the next open);
--   selling        the sells are placed; their proceeds are held for the withdrawal as they settle;
--   sent           the full amount is held and the ACH is on its way (settle_at is 3 business
--                  days after that moment).
-- NULL for a withdrawal that cash covered when it was made.
ALTER TABLE withdrawals ADD COLUMN liquidation_state text NULL CHECK (liquidation_state IN ('awaiting_open', 'selling', 'sent'));
-- The amount asked for, when the sales raised less and `amount` was reduced to what they raised.
ALTER TABLE withdrawals ADD COLUMN requested_amount numeric NULL CHECK (requested_amount > 0 AND scale(requested_amount) <= 2);
-- Cash in cash_held for the withdrawal: the whole amount when cash covered it; for a liquidating
-- one, its cash at the request, then each sale's proceeds as they settle (the rest of `amount` is
-- still to be raised), and the whole amount once sent. So an account's cash_held is its open
-- buys' reservations plus its pending withdrawals' `held`. Existing withdrawals held their amount.
ALTER TABLE withdrawals ADD COLUMN held numeric NOT NULL DEFAULT 0 CHECK (held >= 0 AND scale(held) <= 2);
UPDATE withdrawals SET held = amount;
ALTER TABLE withdrawals ADD COLUMN sell_at timestamptz NULL;
ALTER TABLE withdrawals ADD CONSTRAINT withdrawals_sell_at CHECK ((liquidation_state = 'awaiting_open') = (sell_at IS NOT NULL));
CREATE INDEX withdrawals_awaiting_open ON withdrawals (tenant_id, sell_at, id) WHERE status = 'pending' AND liquidation_state = 'awaiting_open';

-- Which withdrawal a liquidation sell belongs to (the order engine's hooks name only the order).
CREATE TABLE withdrawal_liquidations (
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  order_id       uuid NOT NULL,
  withdrawal_id  uuid NOT NULL,
  PRIMARY KEY (tenant_id, order_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  FOREIGN KEY (tenant_id, withdrawal_id) REFERENCES withdrawals (tenant_id, id)
);
CREATE INDEX withdrawal_liquidations_withdrawal ON withdrawal_liquidations (tenant_id, withdrawal_id);
