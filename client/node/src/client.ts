// `Finos(apiKey, options)`: a client with one property per resource of the SDK method table
// (`users`, `accounts`, `bankAccounts`, …), all sharing one transport.
import { HttpClient, type FinosOptions } from './http.ts';
import { resources } from './resources.ts';

export type FinosClient = ReturnType<typeof resources> & {
  /** The transport, for calls the resource methods do not cover. */
  readonly http: HttpClient;
};

/**
 * A Finos client. `apiKey` is a secret (`sk_…`) or publishable (`pk_…`) key; `options.baseUrl`
 * points it at the local sandbox (`http://127.0.0.1:8080`) instead of production.
 */
export function Finos(apiKey: string, options: FinosOptions = {}): FinosClient {
  if (apiKey !== undefined && typeof apiKey !== 'string') throw new TypeError('Finos(apiKey): the API key must be a string');
  const http = new HttpClient(apiKey || undefined, options);
  return Object.freeze({ ...resources(http), http });
}
