// The hooks' view of the main server: its address and keys from run.ts, an HTTP helper, the
// contract's request examples, and the shared fixtures (a user, an account, ...) made once on use.
'use strict';

const { randomInt } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const SPEC = JSON.parse(readFileSync(join(__dirname, '..', '..', 'generated', 'openapi.json'), 'utf8'));
const BASE = process.env.FINOS_CONTRACT_URL;
const SK = process.env.FINOS_CONTRACT_SECRET_KEY;
const PK = process.env.FINOS_CONTRACT_PUBLISHABLE_KEY;
const LIMITED = process.env.FINOS_CONTRACT_LIMITED_URL;
const LIMITED_SK = process.env.FINOS_CONTRACT_LIMITED_KEY;
const PRODUCTION = process.env.FINOS_CONTRACT_PRODUCTION_URL;
// A statement link the main server signed for an id that does not exist (404): run.ts makes it
// with the server's own signing code, so the hooks never see the master key.
const UNKNOWN_STATEMENT_LINK = process.env.FINOS_CONTRACT_UNKNOWN_STATEMENT_LINK;
if (!BASE || !SK || !PK || !LIMITED || !LIMITED_SK || !PRODUCTION || !UNKNOWN_STATEMENT_LINK) throw new Error('run through contract-tests/run.ts (npm run test:contract)');

async function api(method, path, body, { key = SK, base = BASE, headers = {}, expect } = {}) {
  const h = { accept: 'application/json', ...headers };
  if (key) h.authorization = `Bearer ${key}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (expect !== undefined && res.status !== expect) throw new Error(`fixture ${method} ${path} answered ${res.status}, wanted ${expect}: ${text.slice(0, 500)}`);
  return { status: res.status, body: json };
}

/** A request example the contract gives for an operation (the first, or the one named). */
function requestExample(template, method, name) {
  const media = SPEC.paths[template][method].requestBody.content['application/json'];
  const first = name ? media.examples?.[name] : (media.example ?? Object.values(media.examples ?? {})[0]);
  if (!first) throw new Error(`the contract has no request example for ${method} ${template}`);
  const example = first.$ref ? first.$ref.split('/').slice(1).reduce((node, key) => node[key], SPEC) : first;
  return example.value ?? example;
}

const EXAMPLES = {
  ACCOUNT: requestExample('/v1/users/{user_id}/accounts', 'post'),
  WEBHOOK: requestExample('/v1/webhooks', 'post'),
  DOCUMENT: requestExample('/v1/kyc/{token}/documents', 'post'),
  PERSON: requestExample('/v1/users', 'post'),
  BANK_ACCOUNT: requestExample('/v1/users/{user_id}/bank_accounts', 'post'),
  JOINT_ACCOUNT: requestExample('/v1/users/{user_id}/accounts', 'post', 'joint'),
  MARKET_ORDER: requestExample('/v1/orders', 'post', 'market'),
  ASSET_CLASS: requestExample('/v1/asset_classes', 'post'),
  PORTFOLIO: requestExample('/v1/portfolios', 'post'),
};
const { ACCOUNT, WEBHOOK, DOCUMENT, PERSON, BANK_ACCOUNT, JOINT_ACCOUNT } = EXAMPLES;

const DAY_MS = 24 * 60 * 60 * 1000;
let seq = 0;
/** A tag no other fixture of this run has: names and emails stay unique. */
function uniqueTag() {
  return `${Date.now().toString(36)}${++seq}`;
}

/** The contract's example person made unique; the SSN's last four digits choose the sandbox KYC outcome. */
function person(last4 = '6789') {
  const tag = uniqueTag();
  return { ...PERSON, last_name: `Doe${tag}`, email_address: `john.${tag}@example.com`, ssn_number: `${randomInt(10000, 99999)}${last4}` };
}

/** A bank account of the contract's example with a fresh number. */
function bankAccountBody() {
  return { ...BANK_ACCOUNT, bank_account_number: `43278${randomInt(10000, 99999)}` };
}

const create = {
  user: async (last4) => (await api('POST', '/v1/users', person(last4), { expect: 201 })).body,
  kyc: async (last4) => (await api('POST', '/v1/kyc', person(last4), { expect: 201 })).body,
  account: async (userId) => (await api('POST', `/v1/users/${userId}/accounts`, ACCOUNT, { expect: 201 })).body,
  bankAccount: async (userId) => (await api('POST', `/v1/users/${userId}/bank_accounts`, bankAccountBody(), { expect: 201 })).body,
  webhook: async () => (await api('POST', '/v1/webhooks', WEBHOOK, { expect: 201 })).body,
  /** A joint account that stays `pending`: its joint member's KYC wants documents. */
  pendingAccount: async () =>
    (await api('POST', `/v1/users/${(await approvedUser()).id}/accounts`, { ...JOINT_ACCOUNT, joint_member: person('0003') }, { expect: 201 })).body,
  deposit: async (amount = '202.00') => (await api('POST', '/v1/deposits', await transfer(amount), { expect: 201 })).body,
  withdrawal: async () => {
    await fundedAccount();
    return (await api('POST', '/v1/withdrawals', await transfer('1.00'), { expect: 201 })).body;
  },
  inReviewKyc: async () => {
    const kyc = await create.kyc('0003');
    await api('POST', `/v1/kyc/${kyc.token}/documents`, DOCUMENT, { expect: 201 });
    return kyc;
  },
};

/** Shared, read-mostly state made once on first use. */
const shared = {};
function once(name, make) {
  return () => (shared[name] ??= make());
}
const approvedUser = once('user', () => create.user('6789'));
const account = once('account', async () => create.account((await approvedUser()).id));
const bankAccount = once('bankAccount', async () => create.bankAccount((await approvedUser()).id));
const approvedKyc = once('kyc', () => create.kyc('6789'));
const deposit = once('deposit', () => create.deposit());
const withdrawal = once('withdrawal', () => create.withdrawal());
/** The shared account with settled cash: a deposit, then the sandbox clock past its settlement. */
const fundedAccount = once('funded', async () => {
  const made = await create.deposit('1000.00');
  await api('POST', '/v1/sandbox/clock/advance', { to: new Date(Date.parse(made.expected_settlement_date) + 2 * DAY_MS).toISOString() }, { expect: 200 });
  return account();
});

/** A transfer between the shared account and the shared bank account (same owner). */
async function transfer(amount) {
  return { account_id: (await account()).id, bank_account_id: (await bankAccount()).id, amount };
}
const rightAnswers = (kyc) => kyc.prompts.answers.questions.map((q) => ({ question_id: q.id, answer_id: q.answers[0].id }));

module.exports = {
  SPEC, BASE, SK, PK, LIMITED, LIMITED_SK, PRODUCTION, UNKNOWN_STATEMENT_LINK, EXAMPLES, DAY_MS,
  api, uniqueTag, person, bankAccountBody, create, once,
  approvedUser, account, bankAccount, approvedKyc, deposit, withdrawal, fundedAccount, transfer, rightAnswers,
};
