-- An idempotent replay answers with exactly the bytes of the first response. jsonb reorders an
-- object's keys and normalises spacing, so the stored response body becomes the sent text.
ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE text USING response_body::text;
