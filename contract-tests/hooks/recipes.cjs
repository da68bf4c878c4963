// Every resource's recipes in one table per status: `ok` for the successful request, and the
// requests that earn 404 (where no path id can miss), 402, 409 and 403 from something other than the key.
//
// A recipe returns what the request needs: `params` (path parameters), `body`, `query`, `server`
// (another server and its key, the trading tenant's) and `noKey` (the request carries its own
// credential). Omitted parts keep the contract example Dredd already put in the transaction.
'use strict';

const RESOURCES = {
  identity: require('./recipes/identity.cjs'),
  money: require('./recipes/money.cjs'),
  orders: require('./recipes/orders.cjs'),
  managed: require('./recipes/managed.cjs'),
  statements: require('./recipes/statements.cjs'),
  webhooks: require('./recipes/webhooks.cjs'),
};

/** One table of `kind` from every resource; an operation given twice is a mistake, not an override. */
function merged(kind) {
  const out = {};
  for (const [resource, recipes] of Object.entries(RESOURCES)) {
    for (const [op, recipe] of Object.entries(recipes[kind] ?? {})) {
      if (op in out) throw new Error(`contract-tests/hooks/recipes/${resource}.cjs gives a second ${kind} recipe for ${op}`);
      out[op] = recipe;
    }
  }
  return out;
}

module.exports = {
  OK: merged('ok'),
  NOT_FOUND: merged('notFound'),
  PAYMENT_REQUIRED: merged('paymentRequired'),
  CONFLICT: merged('conflict'),
  FORBIDDEN: merged('forbidden'),
};
