// Dredd hooks: give every transaction of generated/openapi-3.0.json a request that really earns its
// documented status, and check the answer's body against the contract's own schema (draft-07).
// Dredd alone resends the happy request for every 4xx and never validates OpenAPI 3 bodies.
'use strict';

const hooks = require('hooks');
const { createHmac, hkdfSync, randomUUID, randomInt } = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { responseSchema } = require('./schema.cjs');

const SPEC = JSON.parse(readFileSync(join(__dirname, '..', 'generated', 'openapi.json'), 'utf8'));
const BASE = process.env.FINOS_CONTRACT_URL;
const SK = process.env.FINOS_CONTRACT_SECRET_KEY;
const PK = process.env.FINOS_CONTRACT_PUBLISHABLE_KEY;
const LIMITED = process.env.FINOS_CONTRACT_LIMITED_URL;
const LIMITED_SK = process.env.FINOS_CONTRACT_LIMITED_KEY;
const PRODUCTION = process.env.FINOS_CONTRACT_PRODUCTION_URL;
// The main server's master key: the hooks sign a statement link for an id that does not exist (404).
const MASTER_KEY = process.env.FINOS_CONTRACT_MASTER_KEY;
if (!BASE || !SK || !PK || !LIMITED || !LIMITED_SK || !PRODUCTION || !MASTER_KEY) throw new Error('run through contract-tests/run.ts (npm run test:contract)');

// Every transaction Dredd skips, with why. `op` is "METHOD /path/template"; without `status` the
// whole operation is skipped. When an issue lands, delete its lines: the transactions then run
// (recipes for deposits, withdrawals, transactions, the sandbox clock, orders and positions are below).
// A transaction neither listed here nor given a recipe fails, so nothing is skipped silently.
const SKIPS = [
];

// ---------------------------------------------------------------------------------------------
// HTTP and fixtures

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

const ACCOUNT = requestExample('/v1/users/{user_id}/accounts', 'post');
const WEBHOOK = requestExample('/v1/webhooks', 'post');
const DOCUMENT = requestExample('/v1/kyc/{token}/documents', 'post');
const PERSON = requestExample('/v1/users', 'post');
const BANK_ACCOUNT = requestExample('/v1/users/{user_id}/bank_accounts', 'post');
const JOINT_ACCOUNT = requestExample('/v1/users/{user_id}/accounts', 'post', 'joint');
const MARKET_ORDER = requestExample('/v1/orders', 'post', 'market');
const ASSET_CLASS = requestExample('/v1/asset_classes', 'post');
const PORTFOLIO = requestExample('/v1/portfolios', 'post');

const DAY_MS = 24 * 60 * 60 * 1000;
let seq = 0;
/** The contract's example person made unique; the SSN's last four digits choose the sandbox KYC outcome. */
function person(last4 = '6789') {
  const tag = `${Date.now().toString(36)}${++seq}`;
  return { ...PERSON, last_name: `Doe${tag}`, email_address: `john.${tag}@example.com`, ssn_number: `${randomInt(10000, 99999)}${last4}` };
}

const create = {
  user: async (last4) => (await api('POST', '/v1/users', person(last4), { expect: 201 })).body,
  kyc: async (last4) => (await api('POST', '/v1/kyc', person(last4), { expect: 201 })).body,
  account: async (userId) => (await api('POST', `/v1/users/${userId}/accounts`, ACCOUNT, { expect: 201 })).body,
  bankAccount: async (userId) =>
    (await api('POST', `/v1/users/${userId}/bank_accounts`, { ...BANK_ACCOUNT, bank_account_number: `43278${randomInt(10000, 99999)}` }, { expect: 201 })).body,
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
const webhook = once('webhook', () => create.webhook());
const approvedKyc = once('kyc', () => create.kyc('6789'));
const event = once('event', async () => {
  await approvedUser();
  const list = await api('GET', '/v1/events?limit=1', undefined, { expect: 200 });
  return list.body.data[0];
});
const deposit = once('deposit', () => create.deposit());
/** An investment account of the shared user (managed accounts must be investment accounts). */
const investmentAccount = once('investmentAccount', async () => (await api('POST', `/v1/users/${(await approvedUser()).id}/accounts`, {
  ...ACCOUNT, account_type: 'investment', annual_income: '$100,000 - $199,999', investment_objective: 'growth',
  investment_experience: 'limited', net_liquid_worth: '$25,000 - $99,999', net_total_worth: '$100,000 - $199,999',
  is_director: false, risk_tolerance: 'moderate',
}, { expect: 201 })).body);
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
/** `/v1/statements/{id}/pdf?…` signed as the server signs (HKDF of the master key, HMAC-SHA256). */
function signedPdfQuery(statementId) {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(MASTER_KEY, 'hex'), Buffer.alloc(0), 'finos statement links', 32));
  const expires = Math.floor(Date.now() / 1000) + 600;
  return `expires=${expires}&signature=${createHmac('sha256', key).update(`${statementId}.${expires}`).digest('hex')}`;
}
/** A portfolio of the contract's example, made once. */
const portfolio = once('portfolio', async () => (await api('POST', '/v1/portfolios', PORTFOLIO, { expect: 201 })).body);
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

// ---------------------------------------------------------------------------------------------
// Trading: tenants of their own, on a server of their own
//
// Orders need a tenant whose sandbox clock stands in a trading session, and advancing a clock
// freezes it; the main server's PGlite directory is single-process, so no tenant can be added to it
// while it serves. The hooks start a second `finos serve` on a fresh directory with a tenant made
// first by `keys create` (as run.ts does), and move that tenant's clock to a Tuesday 10:00 New York.

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let tradingChild = null;
let tradingDir = null;
const tradingServer = once('tradingServer', async () => {
  tradingDir = mkdtempSync(join(tmpdir(), 'finos-contract-trading-'));
  const port = await freePort();
  const env = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', FINOS_DATA_DIR: tradingDir,
    FINOS_MASTER_KEY: require('node:crypto').randomBytes(32).toString('hex'), FINOS_RATE_LIMIT_PER_HOUR: '1000000', LOG_LEVEL: 'warn', DATABASE_URL: '',
  };
  const keys = spawnSync(TSX, ['server/cli.ts', 'keys', 'create', '--name', 'contract-trading', '--json'], { cwd: ROOT, env, encoding: 'utf8' });
  if (keys.status !== 0) throw new Error(`trading server: keys create failed:\n${keys.stderr}`);
  const created = JSON.parse(keys.stdout.trim().split('\n').pop());
  tradingChild = spawn(TSX, ['server/cli.ts', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  tradingChild.stderr.on('data', (c) => process.stderr.write(`[finos trading ${port}] ${c.toString('utf8')}`));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (tradingChild.exitCode !== null) throw new Error(`trading server exited with ${tradingChild.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, key: created.secret_key };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('trading server did not answer /healthz within 60 s');
});

function stopTradingServer() {
  if (tradingChild && tradingChild.exitCode === null) tradingChild.kill('SIGTERM');
  if (tradingDir) rmSync(tradingDir, { recursive: true, force: true });
}
process.once('exit', () => {
  if (tradingChild && tradingChild.exitCode === null) tradingChild.kill('SIGTERM');
});

/** The instant `hh`:00 America/New_York on the calendar day `ymd` (EDT or EST). */
function nyAt(ymd, hh) {
  for (const offset of [4, 5]) {
    const at = new Date(`${ymd}T${String(hh + offset).padStart(2, '0')}:00:00Z`);
    const h = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(at);
    if (Number(h) === hh) return at;
  }
  throw new Error(`no ${hh}:00 New York on ${ymd}`);
}

/** The first Tuesday at least `days` days after `from`, as YYYY-MM-DD. */
function tuesdayAfter(from, days) {
  const d = new Date(Date.parse(from) + days * DAY_MS);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The trading tenant: an approved customer whose $1000 deposit has settled, the clock frozen in a
 * session at a Tuesday 10:00 New York (a week later should that Tuesday be a holiday).
 */
const trading = once('trading', async () => {
  const server = await tradingServer();
  const call = (method, path, body, expect) => api(method, path, body, { base: server.url, key: server.key, expect });
  const user = (await call('POST', '/v1/users', person('6789'), 201)).body;
  const acct = (await call('POST', `/v1/users/${user.id}/accounts`, ACCOUNT, 201)).body;
  const bank = (await call('POST', `/v1/users/${user.id}/bank_accounts`, { ...BANK_ACCOUNT, bank_account_number: `43278${randomInt(10000, 99999)}` }, 201)).body;
  await call('POST', '/v1/deposits', { account_id: acct.id, bank_account_id: bank.id, amount: '1000.00' }, 201);
  let clock = (await call('GET', '/v1/sandbox/clock', undefined, 200)).body;
  let day = tuesdayAfter(clock.timestamp, 7);
  for (let i = 0; i < 4; i++, day = tuesdayAfter(`${day}T12:00:00Z`, 1)) {
    clock = (await call('POST', '/v1/sandbox/clock/advance', { to: nyAt(day, 10).toISOString() }, 200)).body.clock;
    if (clock.is_open) break;
  }
  if (!clock.is_open) throw new Error(`the trading tenant's clock is not in a session: ${JSON.stringify(clock)}`);
  const cash = (await call('GET', `/v1/accounts/${acct.id}`, undefined, 200)).body.available_cash;
  if (!(Number(cash) >= 1000)) throw new Error(`the trading account's deposit has not settled: available_cash ${cash}`);
  return { server, call, account: acct };
});

/** A limit buy far below the market: it rests, open, until canceled. */
const restingOrder = async (fields = {}) => {
  const { call, account: acct } = await trading();
  const made = (await call('POST', '/v1/orders', { account_id: acct.id, symbol: 'AAPL', quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00', time_in_force: 'gtc', ...fields }, 201)).body;
  if (made.status !== 'new' && made.status !== 'accepted') throw new Error(`the resting limit order is ${made.status}`);
  return made;
};
const restingShared = once('restingOrder', () => restingOrder());
/** The contract's market-order example in the trading account: it fills at once, so positions follow. */
const filledOrder = once('filledOrder', async () => {
  const { call, account: acct } = await trading();
  const made = (await call('POST', '/v1/orders', { ...MARKET_ORDER, account_id: acct.id }, 201)).body;
  if (made.status !== 'filled') throw new Error(`the market order is ${made.status}, not filled`);
  return made;
});
const onTrading = async (extra) => ({ ...extra, server: (await trading()).server });

// What each operation's successful request needs: path parameters and, for writes, a body.
// Omitted parts keep the contract example Dredd already put in the transaction. NOT_FOUND and
// PAYMENT_REQUIRED below give the requests that earn 404 (where no path id can miss) and 402.
const OPS = {
  'GET /v1/webhooks/{webhook_id}': async () => ({ params: { webhook_id: (await webhook()).id } }),
  'PUT /v1/webhooks/{webhook_id}': async () => ({ params: { webhook_id: (await webhook()).id } }),
  'DELETE /v1/webhooks/{webhook_id}': async () => ({ params: { webhook_id: (await create.webhook()).id } }),
  'GET /v1/webhooks/{webhook_id}/deliveries': async () => ({ params: { webhook_id: (await webhook()).id } }),
  'GET /v1/events/{event_id}': async () => ({ params: { event_id: (await event()).id } }),
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
  'GET /v1/accounts/{account_id}/transactions': async () => ({ params: { account_id: (await account()).id } }),
  'POST /v1/deposits': async () => ({ body: await transfer('202.00') }),
  'GET /v1/deposits/{deposit_id}': async () => ({ params: { deposit_id: (await deposit()).id } }),
  'POST /v1/withdrawals': async () => (await fundedAccount(), { body: await transfer('1.00') }),
  'GET /v1/withdrawals/{withdrawal_id}': async () => ({ params: { withdrawal_id: (await withdrawal()).id } }),
  'POST /v1/withdrawal': async () => (await fundedAccount(), { body: await transfer('1.00') }),
  'GET /v1/withdrawal/{withdrawal_id}': async () => ({ params: { withdrawal_id: (await withdrawal()).id } }),
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
  // Every tenant starts with the nine default classes, so the example's derived id is taken:
  // a fresh name gives a fresh id.
  'POST /v1/asset_classes': async () => ({ body: { ...ASSET_CLASS, id: undefined, name: `Contract Class ${Date.now().toString(36)}${++seq}` } }),
  'GET /v1/portfolios/{portfolio_id}': async () => ({ params: { portfolio_id: (await portfolio()).id } }),
  'PUT /v1/portfolios/{portfolio_id}': async () => ({ params: { portfolio_id: (await portfolio()).id } }),
  'PUT /v1/accounts/{account_id}/settings': async () => ({ params: { account_id: (await investmentAccount()).id }, body: { managed: true } }),
  'GET /v1/accounts/{account_id}/rebalances': async () => ({ params: { account_id: (await investmentAccount()).id } }),
  'GET /v1/accounts/{account_id}/harvests': async () => ({ params: { account_id: (await investmentAccount()).id } }),
  'GET /v1/statements': async () => ({ query: `account_id=${(await statement()).account_id}` }),
  'GET /v1/statements/{statement_id}': async () => ({ params: { statement_id: (await statement()).id } }),
  // The statement's own signed link, sent without an API key: the link is the credential.
  'GET /v1/statements/{statement_id}/pdf': async () => {
    const url = new URL((await statement()).url);
    return { params: { statement_id: (await statement()).id }, query: url.search.slice(1), noKey: true };
  },
  'POST /v1/sandbox/clock/advance': async () => {
    const clock = (await api('GET', '/v1/sandbox/clock', undefined, { expect: 200 })).body;
    return { body: { to: new Date(Date.parse(clock.timestamp) + DAY_MS).toISOString() } };
  },
};

const unknownAccount = async () => ({ body: { ...(await transfer('1.00')), account_id: randomUUID() } });
const NOT_FOUND = {
  // No path id to miss: the user or account named in the body does not exist.
  'POST /v1/kyc': async () => ({ body: { ...person('6789'), user_id: randomUUID() } }),
  'POST /v1/deposits': unknownAccount,
  'POST /v1/withdrawals': unknownAccount,
  'POST /v1/withdrawal': unknownAccount,
  'POST /v1/sandbox/market/shock': async () => ({ body: { symbol: 'ZZZZ', change_percent: -5 } }),
  'POST /v1/orders': async () => ({ body: { ...MARKET_ORDER, account_id: randomUUID() } }),
  // The account named in the query does not exist.
  'GET /v1/statements': async () => ({ query: `account_id=${randomUUID()}` }),
  // A correctly signed link to a statement that does not exist (a bad signature is a 403 first).
  'GET /v1/statements/{statement_id}/pdf': async () => {
    const id = randomUUID();
    return { params: { statement_id: id }, query: signedPdfQuery(id), noKey: true };
  },
};

const overdraw = async () => ({ body: await transfer('1000000.00') });
const PAYMENT_REQUIRED = {
  // Only KYC-approved users may open accounts.
  'POST /v1/users/{user_id}/accounts': async () => ({ params: { user_id: (await create.user('0004')).id }, body: ACCOUNT }),
  // Money moves only for `active` accounts, and out only as far as the account's value goes.
  'POST /v1/deposits': async () => ({ body: { ...(await transfer('202.00')), account_id: (await create.pendingAccount()).id } }),
  'POST /v1/withdrawals': overdraw,
  'POST /v1/withdrawal': overdraw,
  // An order needs buying power for what it may cost: 100000 shares at market is far past $1000.
  'POST /v1/orders': async () => onTrading({ body: { ...MARKET_ORDER, account_id: (await trading()).account.id, quantity: '100000' } }),
};

// 409 from the resource's state rather than a reused Idempotency-Key (the default below).
const CONFLICT = {
  // Only investment accounts can be managed: a fresh cash account (the shared one may have been
  // converted to investment by the PUT /v1/accounts/{account_id} example).
  'PUT /v1/accounts/{account_id}/settings': async () => ({ params: { account_id: (await create.account((await approvedUser()).id)).id }, body: { managed: true } }),
  // An asset class id every tenant already has.
  'POST /v1/asset_classes': async () => ({ body: { ...ASSET_CLASS, id: 'us-stocks' } }),
  // A client_order_id already used in the account.
  'POST /v1/orders': async () => {
    const clientOrderId = `contract-${randomUUID()}`;
    const first = await restingOrder({ client_order_id: clientOrderId });
    return onTrading({ body: { account_id: first.account_id, symbol: 'AAPL', quantity: '1', side: 'buy', type: 'limit', limit_price: '1.00', client_order_id: clientOrderId } });
  },
  // Only open orders can be canceled; the market order has filled.
  'DELETE /v1/orders/{order_id}': async () => onTrading({ params: { order_id: (await filledOrder()).id } }),
};

// 403 from something other than the key: a statement link whose signature was tampered with.
const FORBIDDEN = {
  'GET /v1/statements/{statement_id}/pdf': async () => {
    const s = await statement();
    const url = new URL(s.url);
    const sig = url.searchParams.get('signature');
    url.searchParams.set('signature', `${sig[0] === '0' ? '1' : '0'}${sig.slice(1)}`);
    return { params: { statement_id: s.id }, query: url.search.slice(1), noKey: true };
  },
};

// Market data answers publishable keys, so its 403 is the production refusal of plain HTTP;
// likewise production hides the sandbox helpers (404) from every key.
const PRODUCTION_ONLY = {
  403: (op) => /^GET \/v1\/(stocks|assets|clock|calendar)/.test(op),
  404: (op) => / \/v1\/sandbox\//.test(op) && !op.includes('{'),
};

// ---------------------------------------------------------------------------------------------
// The hooks

const skipped = [];
const violations = [];

function parseName(name) {
  const [template, , status] = name.split(' > ');
  return { template, status: Number(status) };
}

/** Path parameter values Dredd took from the contract's examples. */
function exampleParams(template, uri) {
  const names = (template.match(/\{([^}]+)\}/g) ?? []).map((p) => p.slice(1, -1));
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/?]+)')}(?:\\?|$)`);
  const m = pattern.exec(uri);
  return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) : {};
}

/** A well-formed value for a path parameter that names nothing. */
function unknownValue(name, example) {
  if (name === 'symbol') return 'ZZZZ';
  if (name === 'token') return `S-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  if (name === 'range') return example; // not an identifier: the symbol misses instead
  return randomUUID();
}

function fill(template, params) {
  return template.replace(/\{([^}]+)\}/g, (m, name) => (name in params ? encodeURIComponent(params[name]) : m));
}

/** The example query Dredd built, kept unless a status needs another. */
function queryOf(uri) {
  const i = uri.indexOf('?');
  return i === -1 ? '' : uri.slice(i + 1);
}

function setBody(t, body) {
  t.request.body = typeof body === 'string' ? body : JSON.stringify(body);
  t.request.headers['Content-Type'] = 'application/json';
}

function pointAt(t, base) {
  const u = new URL(base);
  t.host = u.hostname;
  t.port = u.port;
}

function noRecipe(t, op, status) {
  t.fail = `no request in contract-tests/hooks.cjs earns ${status} from ${op}: add a recipe, or a SKIPS line with the reason`;
}

function skip(t, reason) {
  t.skip = true;
  skipped.push({ name: t.name, reason });
}

hooks.beforeAll(async (transactions, done) => {
  try {
    // The limited server allows one request per key and one per client IP an hour: spend both.
    await api('GET', '/v1/clock', undefined, { base: LIMITED, key: LIMITED_SK });
    await api('GET', '/healthz', undefined, { base: LIMITED, key: null });
  } catch (err) {
    for (const t of transactions) t.fail = `beforeAll: ${err.message}`;
  }
  done();
});

hooks.beforeEach(async (t, done) => {
  try {
    await prepare(t);
  } catch (err) {
    t.fail = `hook could not build the request: ${err.stack}`;
  }
  done();
});

async function prepare(t) {
  const { template, status } = parseName(t.name);
  const method = t.request.method.toUpperCase();
  const op = `${method} ${template}`;
  const rule = SKIPS.find((s) => s.op === op && (s.status === undefined || s.status === status));
  if (rule) return skip(t, rule.reason);
  // Dredd reads generated/openapi-3.0.json, which has no webhooks section (OpenAPI 3.0 has none):
  // every transaction it makes is an operation of the 3.1 contract, or the two documents disagree.
  if (!SPEC.paths[template]?.[method.toLowerCase()]) {
    t.fail = `${op} is in generated/openapi-3.0.json but not in generated/openapi.json: run npm run generate`;
    return;
  }

  const schema = responseSchema(SPEC, template, method, status);
  if (schema) t.expected.bodySchema = schema;
  delete t.expected.body;

  const headers = t.request.headers;
  for (const h of Object.keys(headers)) if (/^(authorization|idempotency-key)$/i.test(h)) delete headers[h];
  headers.Authorization = `Bearer ${SK}`;
  // Dredd sends the contract's example key on every write; reuse would turn them into 409s.
  if (method !== 'GET') headers['Idempotency-Key'] = randomUUID();

  const examples = exampleParams(template, t.request.uri);
  let { params = {}, body, query: recipeQuery, server, noKey } = OPS[op] ? await OPS[op]() : {};
  params = { ...examples, ...params };
  let query = recipeQuery ?? queryOf(t.request.uri);
  // Success on another server (the trading tenant's) needs that server's key.
  const useServer = (s) => {
    if (!s) return;
    pointAt(t, s.url);
    headers.Authorization = `Bearer ${s.key}`;
  };
  if (status >= 200 && status < 300) useServer(server);
  // `noKey`: the recipe's request carries its own credential (a signed statement link).
  if (status >= 200 && status < 300 && noKey) delete headers.Authorization;
  const hasBody = t.request.body !== '' && t.request.body !== undefined;

  switch (status) {
    case 400:
      if (hasBody) body = [];
      // No body to spoil: a query parameter the contract does not define.
      else query = query ? `${query}&unknown_parameter=1` : 'unknown_parameter=1';
      break;
    case 401:
      delete headers.Authorization;
      break;
    case 402:
      if (!PAYMENT_REQUIRED[op]) return noRecipe(t, op, status);
      ({ params, body, server } = await PAYMENT_REQUIRED[op]());
      useServer(server);
      break;
    case 403:
      if (FORBIDDEN[op]) {
        const f = await FORBIDDEN[op]();
        params = { ...examples, ...f.params };
        query = f.query;
        if (f.noKey) delete headers.Authorization;
      } else if (PRODUCTION_ONLY[403](op)) {
        delete headers.Authorization;
        pointAt(t, PRODUCTION);
      } else headers.Authorization = `Bearer ${PK}`;
      break;
    case 404:
      if (PRODUCTION_ONLY[404](op)) {
        headers['X-Forwarded-Proto'] = 'https';
        pointAt(t, PRODUCTION);
      } else if (NOT_FOUND[op]) {
        const miss = await NOT_FOUND[op]();
        ({ params = {}, body } = miss);
        params = { ...examples, ...params };
        if (miss.query) query = miss.query;
        if (miss.noKey) delete headers.Authorization;
      }
      else if (template.includes('{')) {
        params = Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, unknownValue(name, example)]));
      } else return noRecipe(t, op, status);
      break;
    case 409: {
      if (CONFLICT[op]) {
        ({ params, body, server } = await CONFLICT[op]());
        useServer(server);
        break;
      }
      // The same Idempotency-Key first used for another request: a webhook whose body differs from
      // any request here, so even POST /v1/webhooks sees the same key with a different body.
      const key = randomUUID();
      await api('POST', '/v1/webhooks', { ...WEBHOOK, name: 'idempotency_probe' }, { headers: { 'Idempotency-Key': key }, expect: 201 });
      headers['Idempotency-Key'] = key;
      break;
    }
    case 413: {
      const limit = op === 'POST /v1/kyc/{token}/documents' ? 15 : 1;
      body = JSON.stringify({ padding: 'x'.repeat(limit * 1024 * 1024 + 1024) });
      break;
    }
    case 429:
      headers.Authorization = `Bearer ${LIMITED_SK}`;
      pointAt(t, LIMITED);
      break;
    default:
      if (status < 200 || status >= 300) return noRecipe(t, op, status);
  }

  if (body !== undefined) setBody(t, body);
  const path = fill(template, params) + (query ? `?${query}` : '');
  if (/\{[^}]+\}/.test(path)) throw new Error(`no value for a path parameter of ${op}: ${path}`);
  t.request.uri = path;
  t.fullPath = path;
}

// Express answers `application/json; charset=utf-8`; Gavel compares the header verbatim.
hooks.beforeEachValidation((t) => {
  const real = t.real && t.real.headers;
  if (!real) return;
  const type = real['content-type'];
  if (typeof type === 'string' && /^application\/json\s*;\s*charset=utf-8$/i.test(type)) real['content-type'] = 'application/json';
});

hooks.afterEach((t) => {
  if (t.test && t.test.status === 'fail') {
    violations.push(`${t.name}\n    ${t.request.method} ${t.fullPath} -> ${t.real ? t.real.statusCode : '?'} ${t.real ? String(t.real.body).slice(0, 400) : ''}`);
  }
});

hooks.afterAll((transactions, done) => {
  stopTradingServer();
  const byReason = new Map();
  for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  console.log(`\nSkipped ${skipped.length} of ${transactions.length} transactions:`);
  for (const [reason, n] of byReason) console.log(`  ${String(n).padStart(3)}  ${reason}`);
  if (violations.length) console.log(`\nFailed:\n  ${violations.join('\n  ')}`);
  done();
});
