// The trading tenant: a second `finos serve` of the hooks' own, whose tenant's sandbox clock stands
// in a trading session, with the orders (resting, filled) that the order recipes point at.
//
// Orders need a tenant whose sandbox clock stands in a trading session, and advancing a clock
// freezes it; the main server's PGlite directory is single-process, so no tenant can be added to it
// while it serves. The hooks start a second `finos serve` on a fresh directory with a tenant made
// first by `keys create` (as run.ts does), and move that tenant's clock to a Tuesday 10:00 New York.
'use strict';

const { randomBytes } = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { EXAMPLES, DAY_MS, api, person, bankAccountBody, once } = require('./fixtures.cjs');

const ROOT = join(__dirname, '..', '..');
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

/** Waits for the trading server's /healthz, failing early if the process exits. */
async function untilHealthy(url) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (tradingChild.exitCode !== null) throw new Error(`trading server exited with ${tradingChild.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('trading server did not answer /healthz within 60 s');
}

const tradingServer = once('tradingServer', async () => {
  tradingDir = mkdtempSync(join(tmpdir(), 'finos-contract-trading-'));
  const port = await freePort();
  const env = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', FINOS_DATA_DIR: tradingDir,
    FINOS_MASTER_KEY: randomBytes(32).toString('hex'), FINOS_RATE_LIMIT_PER_HOUR: '1000000', LOG_LEVEL: 'warn', DATABASE_URL: '',
  };
  const keys = spawnSync(TSX, ['server/cli.ts', 'keys', 'create', '--name', 'contract-trading', '--json'], { cwd: ROOT, env, encoding: 'utf8' });
  if (keys.status !== 0) throw new Error(`trading server: keys create failed:\n${keys.stderr}`);
  const created = JSON.parse(keys.stdout.trim().split('\n').pop());
  tradingChild = spawn(TSX, ['server/cli.ts', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  tradingChild.stderr.on('data', (c) => process.stderr.write(`[finos trading ${port}] ${c.toString('utf8')}`));
  const url = `http://127.0.0.1:${port}`;
  await untilHealthy(url);
  return { url, key: created.secret_key };
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
  const acct = (await call('POST', `/v1/users/${user.id}/accounts`, EXAMPLES.ACCOUNT, 201)).body;
  const bank = (await call('POST', `/v1/users/${user.id}/bank_accounts`, bankAccountBody(), 201)).body;
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
  const made = (await call('POST', '/v1/orders', { ...EXAMPLES.MARKET_ORDER, account_id: acct.id }, 201)).body;
  if (made.status !== 'filled') throw new Error(`the market order is ${made.status}, not filled`);
  return made;
});
/** A recipe's request sent to the trading server instead of the main one. */
const onTrading = async (extra) => ({ ...extra, server: (await trading()).server });

module.exports = { trading, restingOrder, restingShared, filledOrder, onTrading, stopTradingServer };
