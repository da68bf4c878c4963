// Dredd hooks: give every transaction of generated/openapi-3.0.json a request that really earns its
// documented status, and check the answer's body against the contract's own schema (draft-07).
// Dredd alone resends the happy request for every 4xx and never validates OpenAPI 3 bodies.
//
// This is the one hookfile Dredd loads (it hands `hooks` to this file alone); the requests are
// built by hooks/request.cjs from the per-resource recipes in hooks/recipes/.
'use strict';

const hooks = require('hooks');
const { LIMITED, LIMITED_SK, api } = require('./hooks/fixtures.cjs');
const { parseName, prepare } = require('./hooks/request.cjs');
const { stopTradingServer } = require('./hooks/trading.cjs');

// Every transaction Dredd skips, with why. `op` is "METHOD /path/template"; without `status` the
// whole operation is skipped. When an issue lands, delete its lines: the transactions then run.
// A transaction neither listed here nor given a recipe fails, so nothing is skipped silently.
const SKIPS = [
];

const skipped = [];
const violations = [];

function skipRule(t) {
  const { template, status } = parseName(t.name);
  const op = `${t.request.method.toUpperCase()} ${template}`;
  return SKIPS.find((s) => s.op === op && (s.status === undefined || s.status === status));
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
    const rule = skipRule(t);
    if (rule) {
      t.skip = true;
      skipped.push({ name: t.name, reason: rule.reason });
    } else await prepare(t);
  } catch (err) {
    t.fail = `hook could not build the request: ${err.stack}`;
  }
  done();
});

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
