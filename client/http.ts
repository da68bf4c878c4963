// The typed low-level client: openapi-fetch over generated/schema.d.ts, with the API key sent
// as a Bearer token on every request. The facade (facade.ts) is built on it.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/schema.d.ts';

export const DEFAULT_BASE_URL = 'https://api.finos.com';

export interface FinosClientOptions {
  /** A secret (`sk_…`) or publishable (`pk_…`) key. */
  apiKey: string;
  /** Defaults to production, https://api.finos.com. */
  baseUrl?: string;
  /** For tests and custom transports; defaults to the global fetch. */
  fetch?: (input: Request) => Promise<Response>;
}

export type FinosClient = Client<paths>;

export function authMiddleware(apiKey: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${apiKey}`);
      return request;
    },
  };
}

export function createFinosClient(options: FinosClientOptions): FinosClient {
  if (!options.apiKey) throw new TypeError('createFinosClient needs an apiKey');
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(authMiddleware(options.apiKey));
  return client;
}
