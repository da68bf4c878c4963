// GET /healthz: liveness plus a database round trip. Needs no API key.
import { Router } from 'express';
import { appDeps } from '../http/context.ts';

export const healthRouter = Router();

healthRouter.get('/healthz', async (req, res) => {
  const { db, config } = appDeps(req);
  await db.query('SELECT 1');
  res.json({ status: 'ok', version: config.version, environment: config.env, database: db.kind, node: process.version });
});
