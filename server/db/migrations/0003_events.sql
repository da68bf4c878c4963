-- Events and webhooks: the outbox (events), the endpoints tenants register (webhooks), one
-- delivery row per (webhook, event) that the worker in server/jobs/ drives, and every attempt.
-- Times named *_at are tenant time (sandbox clocks travel) except lease_expires_at/recorded_at,
-- which are the database's real clock.

CREATE TABLE events (
  tenant_id   uuid        NOT NULL,
  id          uuid        NOT NULL,
  type        text        NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  created_at  timestamptz NOT NULL,
  -- json, not jsonb: keeps the object's keys in the order the API returned them.
  data        json        NOT NULL,
  -- Retention counts real days, so a sandbox clock jump cannot age events out early.
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX events_type_idx ON events (tenant_id, type, id);
CREATE INDEX events_recorded_idx ON events (recorded_at);

CREATE TABLE webhooks (
  tenant_id                     uuid        NOT NULL,
  id                            uuid        NOT NULL,
  name                          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
  url                           text        NOT NULL CHECK (url ~ '^https?://'),
  basic_auth_username           text,
  basic_auth_password_encrypted text,
  basic_auth_password_masked    text,
  events                        text[]      NOT NULL DEFAULT ARRAY['*'] CHECK (cardinality(events) BETWEEN 1 AND 50),
  active                        boolean     NOT NULL DEFAULT true,
  created_at                    timestamptz NOT NULL,
  updated_at                    timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK ((basic_auth_password_encrypted IS NULL) = (basic_auth_password_masked IS NULL))
);
-- The fan-out asks for the active webhooks of a tenant whose patterns overlap the event's.
CREATE INDEX webhooks_active_idx ON webhooks (tenant_id) WHERE active;

CREATE TABLE webhook_deliveries (
  tenant_id        uuid        NOT NULL,
  id               uuid        NOT NULL,
  webhook_id       uuid        NOT NULL,
  event_id         uuid        NOT NULL,
  event_type       text        NOT NULL,
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  -- Attempts started so far; the worker bumps it when it claims the row.
  attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  http_status      integer     CHECK (http_status BETWEEN 100 AND 599),
  duration_ms      integer     CHECK (duration_ms >= 0),
  next_attempt_at  timestamptz,
  lease_expires_at timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, webhook_id, event_id),
  FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
-- The claim scans only what is still owed.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (tenant_id, webhook_id, id);

-- One row per attempt made; UNIQUE makes a double send of the same attempt a constraint error.
CREATE TABLE webhook_delivery_attempts (
  tenant_id    uuid        NOT NULL,
  delivery_id  uuid        NOT NULL,
  attempt      integer     NOT NULL CHECK (attempt >= 1),
  http_status  integer,
  duration_ms  integer     NOT NULL CHECK (duration_ms >= 0),
  error        text,
  attempted_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, delivery_id, attempt),
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id) ON DELETE CASCADE
);
