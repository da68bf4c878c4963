// Turns one Dredd transaction into a request that really earns its documented status: the success
// recipe first, then what the status needs (a spoiled body, no key, another server, ...).
'use strict';

const { randomUUID } = require('node:crypto');
const { SPEC, SK, PK, LIMITED, LIMITED_SK, PRODUCTION, EXAMPLES, api } = require('./fixtures.cjs');
const { OK, NOT_FOUND, PAYMENT_REQUIRED, CONFLICT, FORBIDDEN } = require('./recipes.cjs');
const { responseSchema } = require('../schema.cjs');

// Market data answers publishable keys, so its 403 is the production refusal of plain HTTP;
// likewise production hides the sandbox helpers (404) from every key.
const PRODUCTION_ONLY = {
  403: (op) => /^GET \/v1\/(stocks|assets|clock|calendar)/.test(op),
  404: (op) => / \/v1\/sandbox\//.test(op) && !op.includes('{'),
};

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

/** Sends the request to another server (the trading tenant's) with that server's key. */
function useServer(r, server) {
  if (!server) return;
  pointAt(r.t, server.url);
  r.headers.Authorization = `Bearer ${server.key}`;
}

// What each error status needs beyond the success recipe; each edits the request `r` in place,
// and answers false when no request here earns that status from the operation.
const FOR_STATUS = {
  400: (r) => {
    if (r.hasBody) r.body = [];
    // No body to spoil: a query parameter the contract does not define.
    else r.query = r.query ? `${r.query}&unknown_parameter=1` : 'unknown_parameter=1';
  },
  401: (r) => {
    delete r.headers.Authorization;
  },
  402: async (r) => {
    if (!PAYMENT_REQUIRED[r.op]) return false;
    let server;
    ({ params: r.params, body: r.body, server } = await PAYMENT_REQUIRED[r.op]());
    useServer(r, server);
  },
  403: async (r) => {
    if (FORBIDDEN[r.op]) {
      const f = await FORBIDDEN[r.op]();
      r.params = { ...r.examples, ...f.params };
      r.query = f.query;
      if (f.noKey) delete r.headers.Authorization;
    } else if (PRODUCTION_ONLY[403](r.op)) {
      delete r.headers.Authorization;
      pointAt(r.t, PRODUCTION);
    } else r.headers.Authorization = `Bearer ${PK}`;
  },
  404: async (r) => {
    if (PRODUCTION_ONLY[404](r.op)) {
      r.headers['X-Forwarded-Proto'] = 'https';
      pointAt(r.t, PRODUCTION);
    } else if (NOT_FOUND[r.op]) {
      const miss = await NOT_FOUND[r.op]();
      r.params = { ...r.examples, ...(miss.params ?? {}) };
      r.body = miss.body;
      if (miss.query) r.query = miss.query;
      if (miss.noKey) delete r.headers.Authorization;
    } else if (r.template.includes('{')) {
      r.params = Object.fromEntries(Object.entries(r.examples).map(([name, example]) => [name, unknownValue(name, example)]));
    } else return false;
  },
  409: async (r) => {
    // 409 from the resource's state where a recipe gives one, else from a reused Idempotency-Key.
    if (CONFLICT[r.op]) {
      let server;
      ({ params: r.params, body: r.body, server } = await CONFLICT[r.op]());
      useServer(r, server);
      return;
    }
    // The same Idempotency-Key first used for another request: a webhook whose body differs from
    // any request here, so even POST /v1/webhooks sees the same key with a different body.
    const key = randomUUID();
    await api('POST', '/v1/webhooks', { ...EXAMPLES.WEBHOOK, name: 'idempotency_probe' }, { headers: { 'Idempotency-Key': key }, expect: 201 });
    r.headers['Idempotency-Key'] = key;
  },
  413: (r) => {
    const limit = r.op === 'POST /v1/kyc/{token}/documents' ? 15 : 1;
    r.body = JSON.stringify({ padding: 'x'.repeat(limit * 1024 * 1024 + 1024) });
  },
  429: (r) => {
    r.headers.Authorization = `Bearer ${LIMITED_SK}`;
    pointAt(r.t, LIMITED);
  },
};

/** The transaction's request after its success recipe: our key, a fresh Idempotency-Key, the recipe's parts. */
async function successRequest(t, template, method, op, status) {
  const headers = t.request.headers;
  for (const h of Object.keys(headers)) if (/^(authorization|idempotency-key)$/i.test(h)) delete headers[h];
  headers.Authorization = `Bearer ${SK}`;
  // Dredd sends the contract's example key on every write; reuse would turn them into 409s.
  if (method !== 'GET') headers['Idempotency-Key'] = randomUUID();

  const examples = exampleParams(template, t.request.uri);
  const { params = {}, body, query, server, noKey } = OK[op] ? await OK[op]() : {};
  const r = {
    t, op, template, headers, examples, body,
    params: { ...examples, ...params },
    query: query ?? queryOf(t.request.uri),
    hasBody: t.request.body !== '' && t.request.body !== undefined,
  };
  if (status >= 200 && status < 300) {
    // Success on another server (the trading tenant's) needs that server's key.
    useServer(r, server);
    // `noKey`: the recipe's request carries its own credential (a signed statement link).
    if (noKey) delete headers.Authorization;
  }
  return r;
}

/**
 * Rewrites transaction `t` (named "template > description > status > type") so its request earns
 * the status, and sets the contract's body schema as what the answer must match. Marks `t.fail`
 * when no request here earns the status.
 */
async function prepare(t) {
  const { template, status } = parseName(t.name);
  const method = t.request.method.toUpperCase();
  const op = `${method} ${template}`;
  // Dredd reads generated/openapi-3.0.json, which has no webhooks section (OpenAPI 3.0 has none):
  // every transaction it makes is an operation of the 3.1 contract, or the two documents disagree.
  if (!SPEC.paths[template]?.[method.toLowerCase()]) {
    t.fail = `${op} is in generated/openapi-3.0.json but not in generated/openapi.json: run npm run generate`;
    return;
  }

  const schema = responseSchema(SPEC, template, method, status);
  if (schema) t.expected.bodySchema = schema;
  delete t.expected.body;

  const r = await successRequest(t, template, method, op, status);
  const forStatus = FOR_STATUS[status];
  const earned = forStatus ? await forStatus(r) : status >= 200 && status < 300;
  if (earned === false) {
    t.fail = `no request in contract-tests/hooks earns ${status} from ${op}: add a recipe, or a SKIPS line (contract-tests/hooks.cjs) with the reason`;
    return;
  }

  if (r.body !== undefined) setBody(t, r.body);
  const path = fill(template, r.params) + (r.query ? `?${r.query}` : '');
  if (/\{[^}]+\}/.test(path)) throw new Error(`no value for a path parameter of ${op}: ${path}`);
  t.request.uri = path;
  t.fullPath = path;
}

module.exports = { parseName, prepare };
