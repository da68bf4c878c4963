// Recipes for money movement: deposits, withdrawals (both spellings of the path), an account's
// transactions, and the sandbox clock that settles them.
'use strict';

const { randomUUID } = require('node:crypto');
const { DAY_MS, api, account, create, deposit, withdrawal, fundedAccount, transfer } = require('../fixtures.cjs');

const ok = {
  'GET /v1/accounts/{account_id}/transactions': async () => ({ params: { account_id: (await account()).id } }),
  'POST /v1/deposits': async () => ({ body: await transfer('202.00') }),
  'GET /v1/deposits/{deposit_id}': async () => ({ params: { deposit_id: (await deposit()).id } }),
  'POST /v1/withdrawals': async () => (await fundedAccount(), { body: await transfer('1.00') }),
  'GET /v1/withdrawals/{withdrawal_id}': async () => ({ params: { withdrawal_id: (await withdrawal()).id } }),
  'POST /v1/withdrawal': async () => (await fundedAccount(), { body: await transfer('1.00') }),
  'GET /v1/withdrawal/{withdrawal_id}': async () => ({ params: { withdrawal_id: (await withdrawal()).id } }),
  'POST /v1/sandbox/clock/advance': async () => {
    const clock = (await api('GET', '/v1/sandbox/clock', undefined, { expect: 200 })).body;
    return { body: { to: new Date(Date.parse(clock.timestamp) + DAY_MS).toISOString() } };
  },
};

// No path id to miss: the account named in the body does not exist.
const unknownAccount = async () => ({ body: { ...(await transfer('1.00')), account_id: randomUUID() } });
const notFound = {
  'POST /v1/deposits': unknownAccount,
  'POST /v1/withdrawals': unknownAccount,
  'POST /v1/withdrawal': unknownAccount,
};

// Money moves only for `active` accounts, and out only as far as the account's value goes.
const overdraw = async () => ({ body: await transfer('1000000.00') });
const paymentRequired = {
  'POST /v1/deposits': async () => ({ body: { ...(await transfer('202.00')), account_id: (await create.pendingAccount()).id } }),
  'POST /v1/withdrawals': overdraw,
  'POST /v1/withdrawal': overdraw,
};

module.exports = { ok, notFound, paymentRequired };
