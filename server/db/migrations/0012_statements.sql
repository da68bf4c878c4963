-- Monthly statements: one per account and calendar month (New York time), rendered to PDF once
-- when the month ends and never changed. The summary figures are kept beside the PDF for lists
-- and checks; the PDF is the document of record.
CREATE TABLE statements (
  tenant_id             uuid        NOT NULL REFERENCES tenants (id),
  id                    uuid        NOT NULL,
  account_id            uuid        NOT NULL,
  period_start          date        NOT NULL,
  period_end            date        NOT NULL,
  -- Cash = the cash, cash_pending and cash_held books; market value = holdings at the last close.
  opening_cash          numeric     NOT NULL CHECK (scale(opening_cash) <= 2),
  closing_cash          numeric     NOT NULL CHECK (scale(closing_cash) <= 2),
  opening_market_value  numeric     NOT NULL CHECK (scale(opening_market_value) <= 2),
  closing_market_value  numeric     NOT NULL CHECK (scale(closing_market_value) <= 2),
  realized_short_term   numeric     NOT NULL CHECK (scale(realized_short_term) <= 2),
  realized_long_term    numeric     NOT NULL CHECK (scale(realized_long_term) <= 2),
  pdf                   bytea       NOT NULL CHECK (octet_length(pdf) > 0),
  -- Tenant time of generation.
  created_at            timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  -- One statement per account and month: generating twice changes nothing.
  UNIQUE (tenant_id, account_id, period_start),
  CHECK (period_start <= period_end)
);
-- The signed PDF link names only the statement id (it is served without an API key).
CREATE UNIQUE INDEX statements_id ON statements (id);
CREATE INDEX statements_account ON statements (tenant_id, account_id, id);

-- One row per tenant and month whose statements were generated (even when no account needed
-- one): the scheduler's watermark, and what makes a month's generation run once.
CREATE TABLE statement_runs (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id),
  period_start  date        NOT NULL,
  statements    integer     NOT NULL DEFAULT 0 CHECK (statements >= 0),
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, period_start)
);

-- Generation reads a month of journals and lot sales by time, and rolls today's balances and
-- lots back to the month's end with what happened since: both by tenant time.
CREATE INDEX ledger_journals_created ON ledger_journals (tenant_id, created_at);
CREATE INDEX lot_sales_sold ON lot_sales (tenant_id, sold_at);
