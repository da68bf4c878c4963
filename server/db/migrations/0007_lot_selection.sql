-- Specific lot identification for sells placed by Finos itself (tax-loss harvesting sells the
-- lots at a loss, a withdrawal's liquidation prefers them): the lots a sell consumes first, in
-- order, before first in, first out. Null for every order placed through the API (FIFO).
ALTER TABLE orders ADD COLUMN lot_ids uuid[] NULL;
