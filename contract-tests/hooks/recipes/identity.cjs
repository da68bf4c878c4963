// Recipes for users, KYC, accounts and bank accounts: the request that earns each documented
// status, built on the shared approved user (see recipes.cjs for the shape every recipe returns).
'use strict';

const { randomUUID } = require('node:crypto');
const { EXAMPLES, approvedUser, account, bankAccount, approvedKyc, create, person, rightAnswers } = require('../fixtures.cjs');

const { ACCOUNT, DOCUMENT } = EXAMPLES;

const ok = {
  'POST /v1/users': async () => ({ body: person('6789') }),
  'GET /v1/users/{user_id}': async () => ({ params: { user_id: (await approvedUser()).id } }),
  'PUT /v1/users/{user_id}': async () => ({ params: { user_id: (await approvedUser()).id } }),
  'POST /v1/kyc': async () => ({ body: person('6789') }),
  'GET /v1/kyc/{token}': async () => ({ params: { token: (await approvedKyc()).token } }),
  'PATCH /v1/kyc/{token}': async () => {
    const kyc = await create.kyc('0002');
    return { params: { token: kyc.token }, body: { answers: rightAnswers(kyc) } };
  },
  'POST /v1/kyc/{token}/documents': async () => ({ params: { token: (await create.kyc('0003')).token }, body: DOCUMENT }),
  'POST /v1/users/{user_id}/accounts': async () => ({ params: { user_id: (await approvedUser()).id }, body: ACCOUNT }),
  'GET /v1/users/{user_id}/accounts': async () => ({ params: { user_id: (await approvedUser()).id } }),
  'GET /v1/accounts/{account_id}': async () => ({ params: { account_id: (await account()).id } }),
  'PUT /v1/accounts/{account_id}': async () => ({ params: { account_id: (await account()).id } }),
  'POST /v1/users/{user_id}/bank_accounts': async () => ({ params: { user_id: (await approvedUser()).id } }),
  'GET /v1/users/{user_id}/bank_accounts': async () => ({ params: { user_id: (await approvedUser()).id } }),
  'GET /v1/bank_accounts/{bank_account_id}': async () => ({ params: { bank_account_id: (await bankAccount()).id } }),
  'PUT /v1/bank_accounts/{bank_account_id}': async () => ({ params: { bank_account_id: (await bankAccount()).id } }),
  'DELETE /v1/bank_accounts/{bank_account_id}': async () => ({ params: { bank_account_id: (await create.bankAccount((await approvedUser()).id)).id } }),
  'POST /v1/sandbox/kyc/{token}/review': async () => ({ params: { token: (await create.inReviewKyc()).token } }),
};

const notFound = {
  // No path id to miss: the user named in the body does not exist.
  'POST /v1/kyc': async () => ({ body: { ...person('6789'), user_id: randomUUID() } }),
};

const paymentRequired = {
  // Only KYC-approved users may open accounts.
  'POST /v1/users/{user_id}/accounts': async () => ({ params: { user_id: (await create.user('0004')).id }, body: ACCOUNT }),
};

module.exports = { ok, notFound, paymentRequired };
