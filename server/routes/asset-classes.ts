// /v1/asset_classes and /v1/asset_classes/{asset_class_id}: create, list, retrieve and update a
// tenant's asset classes. Thin handlers over services/asset-classes.ts.
import { Router } from 'express';
import type { Body } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { write } from '../http/write.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { assetClassJson, assetClassListSpec, createAssetClass, retrieveAssetClass, updateAssetClass } from '../services/asset-classes.ts';

export const assetClassesRouter = Router();

assetClassesRouter.post('/v1/asset_classes', async (req, res) => {
  const c = ctx(req);
  const body: Body<'createAssetClass'> = req.body;
  await write(req, res, 201, (tx) => createAssetClass(tx, c.tenantId, c.clock.now(), body));
});

assetClassesRouter.get('/v1/asset_classes', async (req, res) => {
  const c = ctx(req);
  // A transaction: the first read of a tenant's classes seeds its catalog.
  res.json(await c.db.transaction(async (tx) => listPage(tx, await assetClassListSpec(tx, c.tenantId, c.clock.now()), assetClassJson, pageQuery(req))));
});

assetClassesRouter.get('/v1/asset_classes/:asset_class_id', async (req, res) => {
  const c = ctx(req);
  res.json(await c.db.transaction((tx) => retrieveAssetClass(tx, c.tenantId, c.clock.now(), req.params.asset_class_id)));
});

assetClassesRouter.put('/v1/asset_classes/:asset_class_id', async (req, res) => {
  const c = ctx(req);
  const body: Body<'updateAssetClass'> = req.body;
  await write(req, res, 200, (tx) => updateAssetClass(tx, c.tenantId, c.clock.now(), req.params.asset_class_id, body));
});
