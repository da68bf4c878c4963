// Recipes for monthly statements and their signed PDF links: the link is the credential, so the
// PDF's requests carry no API key.
'use strict';

const { randomUUID } = require('node:crypto');
const { UNKNOWN_STATEMENT_LINK, api, fundedAccount, once } = require('../fixtures.cjs');

/** A monthly statement of the funded account: the main tenant's clock moved past a month end. */
const statement = once('statement', async () => {
  const acct = await fundedAccount();
  const clock = (await api('GET', '/v1/sandbox/clock', undefined, { expect: 200 })).body;
  const now = new Date(clock.timestamp);
  // 06:00 UTC on the 1st of next month: 01:00 or 02:00 New York, after the month's statements.
  const firstOfNext = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 6));
  await api('POST', '/v1/sandbox/clock/advance', { to: firstOfNext.toISOString() }, { expect: 200 });
  const list = (await api('GET', `/v1/statements?account_id=${acct.id}`, undefined, { expect: 200 })).body;
  if (!list.data.length) throw new Error(`no statement for the funded account after ${firstOfNext.toISOString()}`);
  return list.data[0];
});

/** The path id and query of a link, as a recipe gives them. */
function linkRequest(link) {
  const url = new URL(link, 'http://link.invalid');
  const id = decodeURIComponent(url.pathname.split('/')[3]);
  return { params: { statement_id: id }, query: url.search.slice(1), noKey: true };
}

const ok = {
  'GET /v1/statements': async () => ({ query: `account_id=${(await statement()).account_id}` }),
  'GET /v1/statements/{statement_id}': async () => ({ params: { statement_id: (await statement()).id } }),
  // The statement's own signed link, sent without an API key.
  'GET /v1/statements/{statement_id}/pdf': async () => {
    const url = new URL((await statement()).url);
    return { params: { statement_id: (await statement()).id }, query: url.search.slice(1), noKey: true };
  },
};

const notFound = {
  // The account named in the query does not exist.
  'GET /v1/statements': async () => ({ query: `account_id=${randomUUID()}` }),
  // A correctly signed link to a statement that does not exist (a bad signature is a 403 first).
  'GET /v1/statements/{statement_id}/pdf': async () => linkRequest(UNKNOWN_STATEMENT_LINK),
};

// 403 from something other than the key: a statement link whose signature was tampered with.
const forbidden = {
  'GET /v1/statements/{statement_id}/pdf': async () => {
    const s = await statement();
    const url = new URL(s.url);
    const sig = url.searchParams.get('signature');
    url.searchParams.set('signature', `${sig[0] === '0' ? '1' : '0'}${sig.slice(1)}`);
    return { params: { statement_id: s.id }, query: url.search.slice(1), noKey: true };
  },
};

module.exports = { ok, notFound, forbidden };
