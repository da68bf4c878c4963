-- Identity: users, their KYC checks and documents, brokerage accounts and linked bank accounts.
-- Every table is keyed by tenant_id first; SSNs, bank numbers and documents are stored sealed
-- (server/security/secrets.ts) with only the last 4 digits in clear.

CREATE TABLE users (
  tenant_id            uuid        NOT NULL REFERENCES tenants (id),
  id                   uuid        NOT NULL,
  status               text        NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'action_required', 'documentation_required', 'in_review', 'approved', 'rejected')),
  first_name           text        NOT NULL,
  last_name            text        NOT NULL,
  email_address        text        NOT NULL,
  phone_number         text,
  birth_date           date        NOT NULL,
  ssn_encrypted        text,
  ssn_last4            text        CHECK (ssn_last4 ~ '^[0-9]{4}$'),
  address_line_1       text,
  address_line_2       text,
  address_city         text,
  address_state        text,
  address_postal_code  text,
  address_country_code text,
  kyc_token            text,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK ((ssn_encrypted IS NULL) = (ssn_last4 IS NULL))
);
-- Search is a case-insensitive match within one tenant; these serve prefix and exact lookups.
CREATE INDEX users_last_name_idx  ON users (tenant_id, lower(last_name) text_pattern_ops);
CREATE INDEX users_first_name_idx ON users (tenant_id, lower(first_name) text_pattern_ops);
CREATE INDEX users_full_name_idx  ON users (tenant_id, lower(first_name || ' ' || last_name) text_pattern_ops);
CREATE INDEX users_email_idx      ON users (tenant_id, lower(email_address) text_pattern_ops);
CREATE INDEX users_phone_idx      ON users (tenant_id, phone_number text_pattern_ops);

-- One identity check of a user or of a joint account's second holder. The SSN is not kept here:
-- the questions it produced are, and grading needs nothing else.
CREATE TABLE kyc_checks (
  tenant_id   uuid        NOT NULL REFERENCES tenants (id),
  token       text        NOT NULL CHECK (token ~ '^S-[A-Za-z0-9]{20}$'),
  user_id     uuid,
  subject     text        NOT NULL CHECK (subject IN ('user', 'joint_member', 'person')),
  account_id  uuid,
  status      text        NOT NULL
              CHECK (status IN ('pending', 'action_required', 'documentation_required', 'in_review', 'approved', 'rejected')),
  first_name  text        NOT NULL,
  last_name   text        NOT NULL,
  ssn_last4   text        NOT NULL CHECK (ssn_last4 ~ '^[0-9]{4}$'),
  questions   jsonb,
  result      jsonb       NOT NULL,
  attempts    integer     NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 10),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, token),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  CHECK (subject <> 'joint_member' OR account_id IS NOT NULL)
);
CREATE INDEX kyc_checks_user_idx    ON kyc_checks (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX kyc_checks_account_idx ON kyc_checks (tenant_id, account_id) WHERE account_id IS NOT NULL;

CREATE TABLE kyc_documents (
  tenant_id      uuid        NOT NULL REFERENCES tenants (id),
  token          text        NOT NULL CHECK (token ~ '^D-[A-Za-z0-9]{20}$'),
  kyc_token      text        NOT NULL,
  name           text        NOT NULL,
  extension      text,
  type           text        NOT NULL CHECK (type IN ('ssn card', 'license', 'passport', 'utility')),
  notes          jsonb       NOT NULL DEFAULT '[]',
  size_bytes     integer     NOT NULL CHECK (size_bytes BETWEEN 0 AND 10485760),
  data_encrypted bytea       NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, token),
  FOREIGN KEY (tenant_id, kyc_token) REFERENCES kyc_checks (tenant_id, token)
);
CREATE INDEX kyc_documents_check_idx ON kyc_documents (tenant_id, kyc_token);

CREATE TABLE accounts (
  tenant_id              uuid          NOT NULL REFERENCES tenants (id),
  id                     uuid          NOT NULL,
  user_id                uuid          NOT NULL,
  account_number         text          NOT NULL CHECK (account_number ~ '^FOBN[0-9]+$'),
  status                 text          NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'closed')),
  ownership              text          NOT NULL CHECK (ownership IN ('individual', 'joint')),
  account_type           text          NOT NULL CHECK (account_type IN ('cash', 'investment')),
  martial_status         text          NOT NULL,
  country_of_citizenship text          NOT NULL,
  employment_status      text          NOT NULL,
  employment_position    text          NOT NULL,
  employer_name          text          NOT NULL,
  annual_income          text,
  investment_objective   text,
  investment_experience  text,
  net_liquid_worth       text,
  net_total_worth        text,
  is_director            boolean,
  director_of            text,
  risk_tolerance         text,
  -- The joint account's second holder; the SSN sealed like a user's.
  joint_first_name           text,
  joint_last_name            text,
  joint_email_address        text,
  joint_phone_number         text,
  joint_birth_date           date,
  joint_ssn_encrypted        text,
  joint_ssn_last4            text,
  joint_address_line_1       text,
  joint_address_line_2       text,
  joint_address_city         text,
  joint_address_state        text,
  joint_address_postal_code  text,
  joint_address_country_code text,
  joint_kyc_token            text,
  -- Managed-account settings (PUT /v1/accounts/{id}/settings).
  managed                boolean       NOT NULL DEFAULT false,
  portfolio_id           uuid,
  -- Unconstrained NUMERIC keeps the scale it was given, so "1.0" reads back as "1.0".
  min_cash_percent       numeric       NOT NULL DEFAULT 1.0
                         CHECK (min_cash_percent BETWEEN 0 AND 100 AND scale(min_cash_percent) <= 2),
  max_cash_percent       numeric       NOT NULL DEFAULT 5.0
                         CHECK (max_cash_percent BETWEEN 0 AND 100 AND scale(max_cash_percent) <= 2),
  created_at             timestamptz   NOT NULL,
  updated_at             timestamptz   NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  CHECK (min_cash_percent <= max_cash_percent),
  CHECK (ownership = 'individual' OR (joint_ssn_encrypted IS NOT NULL AND joint_kyc_token IS NOT NULL)),
  CHECK (account_type = 'cash' OR (annual_income IS NOT NULL AND investment_objective IS NOT NULL
         AND investment_experience IS NOT NULL AND net_liquid_worth IS NOT NULL AND net_total_worth IS NOT NULL
         AND is_director IS NOT NULL AND risk_tolerance IS NOT NULL))
);
-- Account numbers are drawn at random; this index turns a collision into a redraw.
CREATE UNIQUE INDEX accounts_number_key ON accounts (tenant_id, account_number);
CREATE INDEX accounts_user_idx ON accounts (tenant_id, user_id, id);

CREATE TABLE bank_accounts (
  tenant_id                  uuid        NOT NULL REFERENCES tenants (id),
  id                         uuid        NOT NULL,
  user_id                    uuid        NOT NULL,
  bank_account_number_encrypted text     NOT NULL,
  bank_account_number_last4  text        NOT NULL,
  bank_account_number_length integer     NOT NULL CHECK (bank_account_number_length BETWEEN 4 AND 17),
  bank_routing_number_encrypted text     NOT NULL,
  bank_routing_number_last4  text        NOT NULL,
  bank_account_nickname      text        NOT NULL,
  is_default                 boolean     NOT NULL DEFAULT false,
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  -- Deleted bank accounts stay for the history of the transfers that used them.
  deleted_at                 timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE UNIQUE INDEX bank_accounts_one_default ON bank_accounts (tenant_id, user_id)
  WHERE is_default AND deleted_at IS NULL;
CREATE INDEX bank_accounts_user_idx ON bank_accounts (tenant_id, user_id, id) WHERE deleted_at IS NULL;
