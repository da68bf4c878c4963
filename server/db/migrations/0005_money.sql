-- Money: a double-entry ledger (journals of postings that sum to zero per asset, never edited),
-- the account balances it implies (kept in the same transaction; the CHECK refuses overdrafts),
-- and the ACH deposits and withdrawals that write journals when they start, settle or return.

-- One business event that moves value: a deposit starting, settling, being returned, ...
-- entry_type/entry_amount/description make it a line of GET /v1/accounts/{id}/transactions
-- (signed from the account's side); internal moves (a settlement) leave them NULL.
CREATE TABLE ledger_journals (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id),
  id            uuid        NOT NULL,
  account_id    uuid        NOT NULL,
  kind          text        NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
  ref_type      text        NOT NULL CHECK (ref_type IN ('deposit', 'withdrawal', 'order', 'dividend', 'fee')),
  ref_id        uuid        NULL,
  entry_type    text        NULL CHECK (entry_type IN ('deposit', 'withdrawal', 'trade', 'fee', 'dividend')),
  entry_amount  numeric     NULL CHECK (scale(entry_amount) <= 2),
  description   text        NULL,
  -- Tenant time (the sandbox clock may be shifted or frozen).
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  CHECK ((entry_type IS NULL) = (entry_amount IS NULL) AND (entry_type IS NULL) = (description IS NULL))
);
CREATE INDEX ledger_journals_entries ON ledger_journals (tenant_id, account_id, id) WHERE entry_type IS NOT NULL;
CREATE INDEX ledger_journals_ref ON ledger_journals (tenant_id, ref_type, ref_id);

-- Account books: cash (settled, spendable), cash_pending (incoming, unsettled), cash_held
-- (reserved for pending withdrawals and open buys), securities, securities_held.
-- System books have no account: bank (the outside world) and market (the fills counterparty).
CREATE TABLE ledger_postings (
  tenant_id   uuid    NOT NULL,
  id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  journal_id  uuid    NOT NULL,
  account_id  uuid    NULL,
  book        text    NOT NULL CHECK (book IN ('cash', 'cash_pending', 'cash_held', 'securities', 'securities_held', 'bank', 'market')),
  asset       text    NOT NULL CHECK (asset ~ '^[A-Z][A-Z0-9.-]{0,9}$'),
  amount      numeric NOT NULL CHECK (amount <> 0 AND scale(amount) <= 4),
  FOREIGN KEY (tenant_id, journal_id) REFERENCES ledger_journals (tenant_id, id),
  CHECK ((account_id IS NULL) = (book IN ('bank', 'market')))
);
CREATE INDEX ledger_postings_journal ON ledger_postings (tenant_id, journal_id);
CREATE INDEX ledger_postings_account ON ledger_postings (tenant_id, account_id, book, asset);

-- Postings are immutable: a correction is a new journal.
CREATE FUNCTION ledger_postings_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_postings are append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_postings_immutable();

-- The sum of an account's postings per book and asset, updated with every journal. System books
-- are not materialized: every transfer would contend on the tenant's one bank row; their
-- balance is the sum of their postings.
CREATE TABLE ledger_balances (
  tenant_id   uuid    NOT NULL,
  account_id  uuid    NOT NULL,
  book        text    NOT NULL CHECK (book IN ('cash', 'cash_pending', 'cash_held', 'securities', 'securities_held')),
  asset       text    NOT NULL,
  amount      numeric NOT NULL,
  PRIMARY KEY (tenant_id, account_id, book, asset),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  -- The database itself refuses an overdraft.
  CONSTRAINT ledger_balances_not_negative CHECK (book = 'cash_pending' OR amount >= 0)
);

CREATE TABLE deposits (
  tenant_id                 uuid        NOT NULL REFERENCES tenants (id),
  id                        uuid        NOT NULL,
  account_id                uuid        NOT NULL,
  bank_account_id           uuid        NOT NULL,
  amount                    numeric     NOT NULL CHECK (amount > 0 AND scale(amount) <= 2),
  status                    text        NOT NULL CHECK (status IN ('pending', 'complete', 'returned')),
  expected_settlement_date  date        NOT NULL,
  -- When it settles: 09:30 America/New_York on expected_settlement_date.
  settle_at                 timestamptz NOT NULL,
  -- Sandbox: the ACH return code the bank will answer at settlement (bank number ending 0000).
  sandbox_return_code       text        NULL CHECK (sandbox_return_code ~ '^R[0-9]{2}$'),
  return_code               text        NULL CHECK (return_code ~ '^R[0-9]{2}$'),
  created_at                timestamptz NOT NULL,
  completed_at              timestamptz NULL,
  returned_at               timestamptz NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, bank_account_id) REFERENCES bank_accounts (tenant_id, id)
);
CREATE INDEX deposits_account ON deposits (tenant_id, account_id, id);
CREATE INDEX deposits_bank_account_pending ON deposits (tenant_id, bank_account_id) WHERE status = 'pending';
CREATE INDEX deposits_due ON deposits (tenant_id, settle_at, id) WHERE status = 'pending';
CREATE INDEX deposits_due_all ON deposits (settle_at) WHERE status = 'pending';

CREATE TABLE withdrawals (
  tenant_id                 uuid        NOT NULL REFERENCES tenants (id),
  id                        uuid        NOT NULL,
  account_id                uuid        NOT NULL,
  bank_account_id           uuid        NOT NULL,
  amount                    numeric     NOT NULL CHECK (amount > 0 AND scale(amount) <= 2),
  status                    text        NOT NULL CHECK (status IN ('pending', 'complete', 'returned')),
  expected_settlement_date  date        NOT NULL,
  settle_at                 timestamptz NOT NULL,
  return_code               text        NULL CHECK (return_code ~ '^R[0-9]{2}$'),
  liquidation_order_ids     uuid[]      NOT NULL DEFAULT '{}',
  created_at                timestamptz NOT NULL,
  completed_at              timestamptz NULL,
  returned_at               timestamptz NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, bank_account_id) REFERENCES bank_accounts (tenant_id, id)
);
CREATE INDEX withdrawals_account ON withdrawals (tenant_id, account_id, id);
CREATE INDEX withdrawals_bank_account_pending ON withdrawals (tenant_id, bank_account_id) WHERE status = 'pending';
CREATE INDEX withdrawals_due ON withdrawals (tenant_id, settle_at, id) WHERE status = 'pending';
CREATE INDEX withdrawals_due_all ON withdrawals (settle_at) WHERE status = 'pending';
