-- Rebalancing of managed accounts (services/rebalancing.ts, domain/rebalance.ts): one row per run,
-- from the request (a deposit settled, a dividend, a settings change, drift past the bands) to its
-- completion; and, per tenant, the last daily drift check.

-- state: requested → (selling → buy_due →) buying → completed, or skipped, or canceled.
--   requested  waiting for `due_at` (always a market minute) to start;
--   selling    sells (and the buys settled cash allowed) placed; waiting for the sells to finish and settle;
--   buy_due    proceeds settled; the second step (buys only) starts at `due_at`;
--   buying     waiting for the last order to finish;
--   completed / skipped  recorded (GET /v1/accounts/{id}/rebalances); canceled: never started (not listed).
CREATE TABLE rebalances (
  tenant_id      uuid        NOT NULL REFERENCES tenants (id),
  id             uuid        NOT NULL,
  account_id     uuid        NOT NULL,
  trigger        text        NOT NULL CHECK (trigger IN ('deposit', 'dividend', 'settings', 'drift', 'withdrawal')),
  state          text        NOT NULL CHECK (state IN ('requested', 'selling', 'buy_due', 'buying', 'completed', 'skipped', 'canceled')),
  -- When the scheduler takes the next step, and that step's id (a fresh UUID v7 per step: the
  -- scheduler's cursor is (due_at, step_id), so a step scheduled mid-advance is never behind it).
  due_at         timestamptz NULL,
  step_id        uuid        NULL,
  -- A trigger that arrived while this run was under way: a new run is requested when it completes.
  rerun_trigger  text        NULL CHECK (rerun_trigger IN ('deposit', 'dividend', 'settings', 'withdrawal')),
  portfolio_id   uuid        NULL,
  -- Fractions, 4 decimals.
  drift_before   numeric     NULL CHECK (scale(drift_before) <= 4),
  drift_after    numeric     NULL CHECK (scale(drift_after) <= 4),
  -- The orders placed, sells first.
  order_ids      uuid[]      NOT NULL DEFAULT '{}',
  started_at     timestamptz NULL,
  completed_at   timestamptz NULL,
  note           text        NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  CHECK ((state IN ('requested', 'buy_due')) = (due_at IS NOT NULL AND step_id IS NOT NULL)),
  CHECK ((state IN ('requested', 'canceled')) = (started_at IS NULL)),
  CHECK ((state IN ('completed', 'skipped')) = (completed_at IS NOT NULL))
);
-- One run under way per account: new triggers coalesce into it.
CREATE UNIQUE INDEX rebalances_one_open ON rebalances (tenant_id, account_id)
  WHERE state IN ('requested', 'selling', 'buy_due', 'buying');
-- The scheduler source: the tenant's next due step.
CREATE INDEX rebalances_due ON rebalances (tenant_id, due_at, step_id) WHERE due_at IS NOT NULL;
-- The history list, and the last run started (the drift cooldown).
CREATE INDEX rebalances_account ON rebalances (tenant_id, account_id, id) WHERE started_at IS NOT NULL;

-- The daily drift check: the last check's instant per tenant (the next one is the next trading day's 10:00 New York).
CREATE TABLE rebalance_checks (
  tenant_id   uuid        NOT NULL PRIMARY KEY REFERENCES tenants (id),
  checked_at  timestamptz NOT NULL
);

-- The drift check reads a tenant's managed accounts.
CREATE INDEX accounts_managed ON accounts (tenant_id, id) WHERE managed;
