// The seeds' Node interface: `finos(apiKey).accounts.fetch(id)`. Each method is one API
// operation; it resolves to the response body or throws a FinosError. Path ids come first, then
// the body (writes) or query (reads), then per-call options such as an Idempotency-Key.
import type { paths } from '../generated/schema.d.ts';
import { FinosError } from './errors.ts';
import { createFinosClient, type FinosClient } from './http.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

// --- Types derived from generated/schema.d.ts. A route whose path the contract does not (yet)
// define is typed loosely instead of failing to compile.
type Operation<P extends string, M extends HttpMethod> =
  P extends keyof paths ? (M extends keyof paths[P] ? NonNullable<paths[P][M]> : never) : never;
type JsonContent<R> = R extends { content: infer C } ? (C extends { 'application/json': infer B } ? B : unknown) : undefined;
type SuccessOf<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 | 204 ? JsonContent<R[S]> : never }[keyof R]
  : unknown;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : undefined;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? ([Q] extends [never | undefined] ? undefined : Q) : undefined;
type Known<O, T> = [O] extends [never] ? unknown : T;

export type Success<P extends string, M extends HttpMethod> = Known<Operation<P, M>, SuccessOf<Operation<P, M>>>;
export type Input<P extends string, M extends HttpMethod> = Known<Operation<P, M>,
  M extends 'get' | 'delete' ? QueryOf<Operation<P, M>> : BodyOf<Operation<P, M>>>;
type PathArgs<P extends string> = P extends `${string}{${string}}${infer Rest}` ? [string, ...PathArgs<Rest>] : [];

export interface CallOptions {
  /** Makes a write safe to retry for 24 hours; see the Idempotency guide. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type RouteFn<P extends string, M extends HttpMethod> = ((
  ...args: [...PathArgs<P>, input?: Input<P, M>, options?: CallOptions]
) => Promise<Success<P, M>>) & { readonly route: { method: M; path: P } };

type ParseAs = 'json' | 'arrayBuffer';

/** Calls one operation and unwraps the answer: the body on 2xx, a FinosError otherwise. */
async function call(client: FinosClient, method: HttpMethod, path: string,
  pathParams: Record<string, string>, input: unknown, options: CallOptions = {}, parseAs: ParseAs = 'json'): Promise<unknown> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const reads = method === 'get' || method === 'delete';
  const init = {
    params: { path: pathParams, ...(reads && input ? { query: input } : {}) },
    ...(!reads && input !== undefined ? { body: input } : {}),
    headers,
    parseAs,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    // The facade's paths are checked against the contract by test/client.test.ts, not by tsc.
    result = await (client.request as (m: string, p: string, i: unknown) => Promise<typeof result>)(method, path, init);
  } catch (err) {
    throw FinosError.connection(err);
  }
  if (!result.response.ok) {
    throw FinosError.fromResponse(result.response.status, result.error, result.response.headers.get('X-Request-Id'));
  }
  return result.data;
}

const PARAM = /\{([^}]+)\}/g;

function route<P extends string, M extends HttpMethod>(client: FinosClient, method: M, path: P, parseAs: ParseAs = 'json'): RouteFn<P, M> {
  const names = [...path.matchAll(PARAM)].map((m) => m[1] as string);
  const fn = async (...args: unknown[]) => {
    const pathParams: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const value = args[i];
      if (typeof value !== 'string' || value === '') {
        throw new TypeError(`${method.toUpperCase()} ${path}: ${name} must be a non-empty string`);
      }
      pathParams[name] = value;
    }
    return call(client, method, path, pathParams, args[names.length], args[names.length + 1] as CallOptions | undefined, parseAs);
  };
  return Object.assign(fn, { route: { method, path } }) as RouteFn<P, M>;
}

export interface FacadeOptions {
  baseUrl?: string;
  fetch?: (input: Request) => Promise<Response>;
}

export function finos(apiKey: string, options: FacadeOptions = {}) {
  const client = createFinosClient({ apiKey, ...options });
  const r = <P extends string, M extends HttpMethod>(method: M, path: P, parseAs?: ParseAs) => route(client, method, path, parseAs);

  const chartAll = r('get', '/v1/stocks/{symbol}/chart');
  const chartRange = r('get', '/v1/stocks/{symbol}/chart/{range}');
  /** `chart(symbol)` is the default one-month chart; `chart(symbol, '1y')` picks the range. */
  const chart = Object.assign(
    (symbol: string, range?: string, query?: Input<'/v1/stocks/{symbol}/chart', 'get'>, options?: CallOptions) =>
      range ? chartRange(symbol, range, query as never, options) : chartAll(symbol, query as never, options),
    { routes: [chartAll.route, chartRange.route] },
  );

  return {
    /** The typed openapi-fetch client underneath, for anything the facade does not cover. */
    client,
    users: {
      create: r('post', '/v1/users'),
      list: r('get', '/v1/users'),
      search: r('get', '/v1/users/search'),
      fetch: r('get', '/v1/users/{user_id}'),
      update: r('put', '/v1/users/{user_id}'),
    },
    kyc: {
      create: r('post', '/v1/kyc'),
      fetch: r('get', '/v1/kyc/{token}'),
      update: r('patch', '/v1/kyc/{token}'),
      uploadDocument: r('post', '/v1/kyc/{token}/documents'),
    },
    accounts: {
      create: r('post', '/v1/users/{user_id}/accounts'),
      list: r('get', '/v1/users/{user_id}/accounts'),
      fetch: r('get', '/v1/accounts/{account_id}'),
      update: r('put', '/v1/accounts/{account_id}'),
      positions: r('get', '/v1/accounts/{account_id}/positions'),
      transactions: r('get', '/v1/accounts/{account_id}/transactions'),
      updateSettings: r('put', '/v1/accounts/{account_id}/settings'),
      rebalances: r('get', '/v1/accounts/{account_id}/rebalances'),
      harvests: r('get', '/v1/accounts/{account_id}/harvests'),
    },
    bankAccounts: {
      create: r('post', '/v1/users/{user_id}/bank_accounts'),
      list: r('get', '/v1/users/{user_id}/bank_accounts'),
      fetch: r('get', '/v1/bank_accounts/{bank_account_id}'),
      update: r('put', '/v1/bank_accounts/{bank_account_id}'),
      delete: r('delete', '/v1/bank_accounts/{bank_account_id}'),
    },
    deposits: {
      create: r('post', '/v1/deposits'),
      list: r('get', '/v1/deposits'),
      fetch: r('get', '/v1/deposits/{deposit_id}'),
    },
    withdrawals: {
      create: r('post', '/v1/withdrawals'),
      list: r('get', '/v1/withdrawals'),
      fetch: r('get', '/v1/withdrawals/{withdrawal_id}'),
    },
    orders: {
      create: r('post', '/v1/orders'),
      list: r('get', '/v1/orders'),
      fetch: r('get', '/v1/orders/{order_id}'),
      cancel: r('delete', '/v1/orders/{order_id}'),
    },
    stocks: {
      quote: r('get', '/v1/stocks/{symbol}'),
      chart,
      stats: r('get', '/v1/stocks/{symbol}/stats'),
    },
    market: {
      assets: r('get', '/v1/assets'),
      clock: r('get', '/v1/clock'),
      calendar: r('get', '/v1/calendar'),
    },
    webhooks: {
      create: r('post', '/v1/webhooks'),
      list: r('get', '/v1/webhooks'),
      fetch: r('get', '/v1/webhooks/{webhook_id}'),
      update: r('put', '/v1/webhooks/{webhook_id}'),
      delete: r('delete', '/v1/webhooks/{webhook_id}'),
      deliveries: r('get', '/v1/webhooks/{webhook_id}/deliveries'),
    },
    events: {
      list: r('get', '/v1/events'),
      fetch: r('get', '/v1/events/{event_id}'),
    },
    assetClasses: {
      create: r('post', '/v1/asset_classes'),
      list: r('get', '/v1/asset_classes'),
      fetch: r('get', '/v1/asset_classes/{asset_class_id}'),
      update: r('put', '/v1/asset_classes/{asset_class_id}'),
    },
    portfolios: {
      create: r('post', '/v1/portfolios'),
      list: r('get', '/v1/portfolios'),
      fetch: r('get', '/v1/portfolios/{portfolio_id}'),
      update: r('put', '/v1/portfolios/{portfolio_id}'),
      optimize: r('post', '/v1/portfolios/optimize'),
    },
    statements: {
      list: r('get', '/v1/statements'),
      fetch: r('get', '/v1/statements/{statement_id}'),
      /** The PDF itself, as bytes. */
      pdf: r('get', '/v1/statements/{statement_id}/pdf', 'arrayBuffer'),
    },
    sandbox: {
      clock: r('get', '/v1/sandbox/clock'),
      advanceClock: r('post', '/v1/sandbox/clock/advance'),
      reviewKyc: r('post', '/v1/sandbox/kyc/{token}/review'),
      shockMarket: r('post', '/v1/sandbox/market/shock'),
    },
  };
}

export type Finos = ReturnType<typeof finos>;

/** Every facade method with the operation(s) it calls, e.g. `['accounts.fetch', {method, path}]`. */
export function facadeRoutes(facade: Finos): Array<[string, { method: HttpMethod; path: string }]> {
  const out: Array<[string, { method: HttpMethod; path: string }]> = [];
  for (const [group, methods] of Object.entries(facade)) {
    if (group === 'client') continue;
    for (const [name, fn] of Object.entries(methods as Record<string, unknown>)) {
      const f = fn as { route?: { method: HttpMethod; path: string }; routes?: Array<{ method: HttpMethod; path: string }> };
      for (const rt of f.routes ?? (f.route ? [f.route] : [])) out.push([`${group}.${name}`, rt]);
    }
  }
  return out;
}
