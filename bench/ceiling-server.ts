// The stack's ceiling for `npm run bench`: Express 5 with express-openapi-validator in front of
// one route per method, GET /v1/users/{user_id} and POST /v1/users as the contract declares them
// (all of its components, those two paths), validated with the options Finos uses, answering the
// reference body. Finos adds key auth, the rate limit, the access log and its own work on top of
// exactly this.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { body } from './reference-body.ts';

const spec = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'generated', 'openapi.json'), 'utf8'));
const { parameters, get } = spec.paths['/v1/users/{user_id}'];
const { post } = spec.paths['/v1/users'];
const oneRoute = { ...spec, paths: { '/v1/users/{user_id}': { parameters, get }, '/v1/users': { post } }, webhooks: undefined };

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json({ limit: '1mb' }));
app.use(OpenApiValidator.middleware({
  apiSpec: oneRoute,
  validateApiSpec: false,
  validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false, removeAdditional: false },
  validateResponses: false,
  validateSecurity: false,
  validateFormats: true,
  ignoreUndocumented: false,
}));
app.get('/v1/users/:user_id', (_req, res) => {
  res.type('application/json').send(body);
});
app.post('/v1/users', (_req, res) => {
  res.status(201).type('application/json').send(body);
});
app.use((err: { status?: number; message?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(err.status ?? 500).json({ error: { type: 'invalid_request', message: err.message ?? 'error' } });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`listening ${addr.port}`);
});
