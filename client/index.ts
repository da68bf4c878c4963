// The Finos public client: `finos(apiKey)` facade, the typed openapi-fetch client underneath,
// the error it throws and webhook signature verification. `import finos from 'finos'`.
import { finos } from './facade.ts';

export { finos, facadeRoutes, type Finos, type FacadeOptions, type CallOptions } from './facade.ts';
export { createFinosClient, authMiddleware, DEFAULT_BASE_URL, type FinosClient, type FinosClientOptions } from './http.ts';
export { FinosError, type FinosErrorType } from './errors.ts';
export { verifyWebhookSignature, webhookSigningKey, type VerifyOptions } from './webhooks.ts';
export type { paths, components, operations } from '../generated/schema.d.ts';

export default finos;
