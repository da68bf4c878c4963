// A second reference for `npm run bench`: Express 5 with one route and no middleware, answering
// the same body as bench/bare-server.ts. Finos cannot be faster than this; the gap between this
// row and bare node:http is what the mandated framework costs before any of Finos's own work.
import express from 'express';
import { body } from './reference-body.ts';

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/v1/users/:id', (_req, res) => {
  res.type('application/json').send(body);
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`listening ${addr.port}`);
});
