// Recipes for managed investing: asset classes, portfolios, an account's managed settings and the
// rebalances and harvests that follow; managed accounts must be investment accounts.
'use strict';

const { EXAMPLES, api, approvedUser, create, once, uniqueTag } = require('../fixtures.cjs');

const { ACCOUNT, ASSET_CLASS, PORTFOLIO } = EXAMPLES;

/** An investment account of the shared user. */
const investmentAccount = once('investmentAccount', async () => (await api('POST', `/v1/users/${(await approvedUser()).id}/accounts`, {
  ...ACCOUNT, account_type: 'investment', annual_income: '$100,000 - $199,999', investment_objective: 'growth',
  investment_experience: 'limited', net_liquid_worth: '$25,000 - $99,999', net_total_worth: '$100,000 - $199,999',
  is_director: false, risk_tolerance: 'moderate',
}, { expect: 201 })).body);
/** A portfolio of the contract's example, made once. */
const portfolio = once('portfolio', async () => (await api('POST', '/v1/portfolios', PORTFOLIO, { expect: 201 })).body);

const ok = {
  // Every tenant starts with the nine default classes, so the example's derived id is taken:
  // a fresh name gives a fresh id.
  'POST /v1/asset_classes': async () => ({ body: { ...ASSET_CLASS, id: undefined, name: `Contract Class ${uniqueTag()}` } }),
  'GET /v1/portfolios/{portfolio_id}': async () => ({ params: { portfolio_id: (await portfolio()).id } }),
  'PUT /v1/portfolios/{portfolio_id}': async () => ({ params: { portfolio_id: (await portfolio()).id } }),
  'PUT /v1/accounts/{account_id}/settings': async () => ({ params: { account_id: (await investmentAccount()).id }, body: { managed: true } }),
  'GET /v1/accounts/{account_id}/rebalances': async () => ({ params: { account_id: (await investmentAccount()).id } }),
  'GET /v1/accounts/{account_id}/harvests': async () => ({ params: { account_id: (await investmentAccount()).id } }),
};

const conflict = {
  // Only investment accounts can be managed: a fresh cash account (the shared one may have been
  // converted to investment by the PUT /v1/accounts/{account_id} example).
  'PUT /v1/accounts/{account_id}/settings': async () => ({ params: { account_id: (await create.account((await approvedUser()).id)).id }, body: { managed: true } }),
  // An asset class id every tenant already has.
  'POST /v1/asset_classes': async () => ({ body: { ...ASSET_CLASS, id: 'us-stocks' } }),
};

module.exports = { ok, conflict };
