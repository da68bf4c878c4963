// Recipes for orders, positions and the sandbox market: successes run on the trading tenant's
// server (trading.cjs), whose clock stands in a session.
'use strict';

const { randomUUID } = require('node:crypto');
const { EXAMPLES } = require('../fixtures.cjs');
const { trading, restingOrder, restingShared, filledOrder, onTrading } = require('../trading.cjs');

const { MARKET_ORDER } = EXAMPLES;

const ok = {
  'POST /v1/orders': async () => onTrading({ body: { ...MARKET_ORDER, account_id: (await trading()).account.id } }),
  'GET /v1/orders': async () => {
    const { account: acct } = await trading();
    await Promise.all([restingShared(), filledOrder()]);
    return onTrading({ query: `status=all&account_id=${acct.id}` });
  },
  'GET /v1/orders/{order_id}': async () => onTrading({ params: { order_id: (await restingShared()).id } }),
  'DELETE /v1/orders/{order_id}': async () => onTrading({ params: { order_id: (await restingOrder()).id } }),
  'GET /v1/accounts/{account_id}/positions': async () => {
    await filledOrder();
    return onTrading({ params: { account_id: (await trading()).account.id } });
  },
};

const notFound = {
  // No path id to miss: the symbol or account named in the body does not exist.
  'POST /v1/sandbox/market/shock': async () => ({ body: { symbol: 'ZZZZ', change_percent: -5 } }),
  'POST /v1/orders': async () => ({ body: { ...MARKET_ORDER, account_id: randomUUID() } }),
};

const paymentRequired = {
  // An order needs buying power for what it may cost: 100000 shares at market is far past $1000.
  'POST /v1/orders': async () => onTrading({ body: { ...MARKET_ORDER, account_id: (await trading()).account.id, quantity: '100000' } }),
};

const conflict = {
  // A client_order_id already used in the account.
  'POST /v1/orders': async () => {
    const clientOrderId = `contract-${randomUUID()}`;
    const first = await restingOrder({ client_order_id: clientOrderId });
    return onTrading({ body: { account_id: first.account_id, symbol: 'AAPL', quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00', client_order_id: clientOrderId } });
  },
  // Only open orders can be canceled; the market order has filled.
  'DELETE /v1/orders/{order_id}': async () => onTrading({ params: { order_id: (await filledOrder()).id } }),
};

module.exports = { ok, notFound, paymentRequired, conflict };
