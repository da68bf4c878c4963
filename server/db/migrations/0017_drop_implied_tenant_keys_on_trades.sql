-- An order, its tax lots, its fills and every ledger journal already name their tenant through a
-- composite key whose columns are all NOT NULL: (tenant_id, account_id) to accounts, or
-- (tenant_id, order_id) to orders, and from there to users and tenants. Their own key to tenants
-- checked the same row again: five more checks of one hot row for every order that fills at
-- placement, each taking a share lock on the tenant. The tenant is still enforced, through those keys.
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_tenant_id_fkey;
ALTER TABLE tax_lots DROP CONSTRAINT IF EXISTS tax_lots_tenant_id_fkey;
ALTER TABLE trade_fills DROP CONSTRAINT IF EXISTS trade_fills_tenant_id_fkey;
ALTER TABLE ledger_journals DROP CONSTRAINT IF EXISTS ledger_journals_tenant_id_fkey;
