-- Tenants (one per customer environment), their API keys, and stored idempotent responses.
-- Ids are UUID v7 generated in TypeScript; keys are stored only as a sha256 lookup hash
-- plus an AES-GCM sealed copy (needed later to sign webhooks with the secret key).

CREATE TABLE tenants (
  id               uuid PRIMARY KEY,
  name             text NOT NULL,
  env              text NOT NULL CHECK (env IN ('sandbox', 'production')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- The sandbox clock: tenant now = real now + offset, or the frozen instant when set.
  clock_offset_ms  bigint NOT NULL DEFAULT 0,
  clock_frozen_at  timestamptz NULL
);

CREATE TABLE api_keys (
  id             uuid PRIMARY KEY,
  tenant_id      uuid NOT NULL REFERENCES tenants (id),
  kind           text NOT NULL CHECK (kind IN ('secret', 'publishable')),
  key_hash       text NOT NULL UNIQUE,
  key_encrypted  text NOT NULL,
  last4          text NOT NULL,
  name           text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz NULL
);
CREATE INDEX api_keys_tenant_id ON api_keys (tenant_id, id);

CREATE TABLE idempotency_keys (
  tenant_id        uuid NOT NULL REFERENCES tenants (id),
  key              text NOT NULL,
  request_hash     text NOT NULL,
  response_status  integer NULL,
  response_body    jsonb NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);

-- Request counters for the rate limiter on PostgreSQL, in rate-limiter-flexible's layout
-- (key, points, expire as epoch ms). PGlite keeps its counters in memory instead.
CREATE TABLE rate_limits (
  key     varchar(255) PRIMARY KEY,
  points  integer NOT NULL DEFAULT 0,
  expire  bigint
);
