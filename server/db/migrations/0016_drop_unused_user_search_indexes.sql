-- User search matches a fragment anywhere in a name, email or phone number (LIKE '%text%'), which
-- a btree index cannot serve: these five were never used by any query, and every new or changed
-- user paid to maintain them. Search scans the tenant's users in id order, as it already did.
DROP INDEX IF EXISTS users_last_name_idx;
DROP INDEX IF EXISTS users_first_name_idx;
DROP INDEX IF EXISTS users_full_name_idx;
DROP INDEX IF EXISTS users_email_idx;
DROP INDEX IF EXISTS users_phone_idx;
