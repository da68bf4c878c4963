-- Sandbox market shocks: per tenant, a symbol's simulated prices move by change_percent from
-- effective_at on (server/market/provider.ts ShockSchedule). Several shocks compound in
-- effective_at order (then id, which is time-ordered). Production tenants never have rows.

CREATE TABLE market_shocks (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES tenants (id),
  symbol          text NOT NULL CHECK (symbol ~ '^[A-Z][A-Z0-9.-]{0,9}$'),
  change_percent  numeric NOT NULL CHECK (change_percent > -100 AND change_percent <= 1000),
  effective_at    timestamptz NOT NULL,
  -- Tenant time, like effective_at (the sandbox clock may be shifted or frozen).
  created_at      timestamptz NOT NULL
);
CREATE INDEX market_shocks_tenant_effective ON market_shocks (tenant_id, effective_at, id);
