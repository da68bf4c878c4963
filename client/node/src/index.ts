// The `finos` package: `import Finos from 'finos'` (or `require('finos')`), then
// `const finos = Finos('sk_…', { baseUrl })` and `await finos.accounts.fetch(id)`.
import { Finos } from './client.ts';

export { Finos, type FinosClient } from './client.ts';
export {
  FinosError, APIConnectionError, APIError, AuthenticationError, InvalidRequestError, ValidationError,
  NotFoundError, RateLimitError, type FinosErrorType,
} from './errors.ts';
export {
  HttpClient, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
  type FinosOptions, type RequestOptions, type RequestSpec,
} from './http.ts';
export { PagePromise, type PageBody } from './pagination.ts';
export { verifyWebhookSignature, webhookSigningKey, type VerifyOptions } from './webhooks.ts';
export { METHODS } from './resources.ts';
export type * from './resources.ts';
export type { Body, Query, Result, OperationId } from './types.ts';
export type { paths, components, operations } from './schema.ts';
export { VERSION } from './version.ts';

export default Finos;
