// The live scenario of test/sdk/scenario.md, as an integrator would write it: plain JavaScript
// using only the public surface of the installed `finos` package. test/sdk/node.test.ts copies it
// into a project that installed the packed tarball and runs it with the system's node.
import http from 'node:http';
import Finos, { FinosError, NotFoundError, verifyWebhookSignature } from 'finos';

const { FINOS_API_KEY: apiKey, FINOS_BASE_URL: baseUrl, FINOS_FLAKY_BASE_URL: flakyUrl, FINOS_RUN_ID: runId } = process.env;
const finos = Finos(apiKey, { baseUrl });
const print = (step, fields = {}) => console.log(JSON.stringify({ step, ...fields }));

let serial = 0;
/** A complete identity (this SSN is approved at once by the sandbox's KYC). */
function person(email) {
  serial += 1;
  return {
    first_name: 'Ada',
    last_name: 'Lovelace',
    email_address: email ?? `ada-${runId}-${serial}@example.com`,
    phone_number: `1804${String(2000000 + serial)}`,
    birth_date: '1985-01-23',
    ssn_number: '123456789',
    address_line_1: '123 Test St',
    address_city: 'Richmond',
    address_state: 'VA',
    address_postal_code: '23220',
    address_country_code: 'US',
  };
}

// 1. onboard
const user = await finos.users.create(person());
const account = await finos.accounts.create(user.id, {
  ownership: 'individual',
  account_type: 'cash',
  martial_status: 'single',
  country_of_citizenship: 'USA',
  employment_status: 'Employed / Self-Employed',
  employment_position: 'Software Engineer',
  employer_name: 'Finos Inc',
});
const bank = await finos.bankAccounts.create(user.id, {
  bank_account_number: '4327843043',
  bank_routing_number: '121042882',
  bank_account_nickname: 'Checking',
});
// scenario.md says 100.00, but half an AAPL share costs more than that in the sandbox market
// (the order needs about 134 of buying power), so the deposit is large enough for step 2.
let deposit = await finos.deposits.create({ account_id: account.id, bank_account_id: bank.id, amount: '500.00' });
print('onboard', { user_id: user.id, user_status: user.status, account_id: account.id, deposit_id: deposit.id, deposit_status: deposit.status });

// 2. settle, then a fractional market buy
for (let i = 0; i < 3 && deposit.status !== 'complete'; i++) {
  const clock = await finos.market.clock();
  await finos.sandbox.advanceClock({ to: clock.next_open });
  deposit = await finos.deposits.fetch(deposit.id);
}
const placed = await finos.orders.create({ account_id: account.id, symbol: 'AAPL', quantity: '0.5', side: 'buy', type: 'market' });
const order = await finos.orders.fetch(placed.id);
const position = (await finos.accounts.positions(account.id)).data.find((p) => p.symbol === 'AAPL');
print('settle', {
  deposit_status: deposit.status, order_id: order.id, order_status: order.status,
  filled_quantity: order.filled_quantity, position_quantity: position?.quantity ?? null,
});

// 3. every user, page after page
let total = (await finos.users.list({ limit: 100 }).toArray()).length;
while (total < 26) {
  await finos.users.create({ first_name: 'Page', last_name: `User${total}`, email_address: `page-${runId}-${total}@example.com`, birth_date: '1990-01-01' });
  total += 1;
}
const ids = [];
for await (const u of finos.users.list({ limit: 7 })) ids.push(u.id);
print('paginate', { count: ids.length, unique: new Set(ids).size });

// 4. a typed 404
try {
  await finos.users.fetch('00000000-0000-4000-8000-000000000000');
  print('not_found', { error_class: null });
} catch (err) {
  if (!(err instanceof FinosError)) throw err;
  print('not_found', { error_class: err.constructor.name, is_not_found: err instanceof NotFoundError, http_status: err.status, type: err.type, request_id: err.requestId ?? null });
}

// 5. a write whose first answer is lost on the way back: the SDK retries under the same key
const flaky = Finos(apiKey, { baseUrl: flakyUrl });
const replayed = await flaky.users.create(person(`replay-${runId}@example.com`));
print('replay', { user_id: replayed.id });

// 6. a real webhook delivery, verified with the SDK's helper
const deliveries = [];
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    deliveries.push({ headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(204).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hook = await finos.webhooks.create({
  name: 'Scenario',
  config: { url: `http://127.0.0.1:${receiver.address().port}/finos-webhook` },
  events: ['usertransition.*'],
});
await finos.users.create(person());
for (let waited = 0; deliveries.length === 0 && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
receiver.close();
const delivery = deliveries[0];
if (!delivery) throw new Error('no webhook delivery within 60 s');
const header = delivery.headers['x-finos-signature'];
print('webhook', {
  webhook_id: hook.id,
  event_id: JSON.parse(delivery.body.toString('utf8')).id,
  header: 'X-Finos-Signature',
  verified: verifyWebhookSignature(delivery.body, header, apiKey),
  legacy_verified: verifyWebhookSignature(delivery.body, delivery.headers['x-request-signature'], apiKey),
  tampered: verifyWebhookSignature(Buffer.concat([delivery.body, Buffer.from(' ')]), header, apiKey),
});

print('done');
