-- The catalog portfolios are built from: asset classes (a primary ETF and its tax-loss-harvesting
-- alternates) and model portfolios (percent weights over asset classes). Every tenant gets the
-- seeds' nine classes and the three default portfolios (services/portfolios.ts ensureCatalog).

CREATE TABLE asset_classes (
  tenant_id          uuid        NOT NULL REFERENCES tenants (id),
  id                 text        NOT NULL CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(id) <= 64),
  name               text        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  primary_symbol     text        NOT NULL CHECK (primary_symbol ~ '^[A-Z][A-Z0-9.]{0,9}$'),
  -- Alternates in order of preference (tax-loss harvesting swaps into the first one it may).
  secondary_symbols  text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(secondary_symbols) <= 10),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  -- Creation order: lists page by it (the slug ids are not ordered), and the defaults keep the seeds' order.
  seq                bigint      GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE portfolios (
  tenant_id       uuid        NOT NULL REFERENCES tenants (id),
  id              uuid        NOT NULL,
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  is_default      boolean     NOT NULL DEFAULT false,
  -- The risk profile a default portfolio serves; null for portfolios a tenant creates.
  risk_tolerance  text        NULL CHECK (risk_tolerance IN ('conservative', 'moderate', 'aggressive')),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK (is_default = (risk_tolerance IS NOT NULL))
);
-- One default portfolio per risk tolerance and tenant; it also makes seeding idempotent.
CREATE UNIQUE INDEX portfolios_default ON portfolios (tenant_id, risk_tolerance) WHERE is_default;

CREATE TABLE portfolio_allocations (
  tenant_id       uuid    NOT NULL,
  portfolio_id    uuid    NOT NULL,
  asset_class_id  text    NOT NULL,
  -- Percent of the portfolio; a portfolio's weights add up to exactly 100 (checked by the service).
  weight          numeric NOT NULL CHECK (weight > 0 AND weight <= 100 AND scale(weight) <= 4),
  -- The order the allocations were given in.
  position        int     NOT NULL CHECK (position >= 0),
  PRIMARY KEY (tenant_id, portfolio_id, asset_class_id),
  FOREIGN KEY (tenant_id, portfolio_id) REFERENCES portfolios (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, asset_class_id) REFERENCES asset_classes (tenant_id, id)
);
CREATE INDEX portfolio_allocations_class ON portfolio_allocations (tenant_id, asset_class_id);
