// /v1/users: create, retrieve, update, list and search users. Thin handlers: the contract
// validator has checked the shapes; services/users.ts does the work.
import { Router } from 'express';
import type { Body, Query } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { write } from '../http/write.ts';
import { createUser, retrieveUser, updateUser, userJson, userListSpec, userSearchSpec } from '../services/users.ts';


export const usersRouter = Router();

usersRouter.post('/v1/users', async (req, res) => {
  const c = ctx(req);
  const body: Body<'createUser'> = req.body;
  await write(req, res, 201, (tx) => createUser(tx, c, body));
});

usersRouter.get('/v1/users', async (req, res) => {
  const c = ctx(req);
  res.json(await listPage(c.db, userListSpec(c.tenantId), userJson, pageQuery(req)));
});

usersRouter.get('/v1/users/search', async (req, res) => {
  const c = ctx(req);
  const { query } = req.query as unknown as Query<'searchUsers'>;
  res.json(await listPage(c.db, userSearchSpec(c.tenantId, query), userJson, pageQuery(req)));
});

usersRouter.get('/v1/users/:user_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveUser(c.db, c, req.params.user_id));
});

usersRouter.put('/v1/users/:user_id', async (req, res) => {
  const c = ctx(req);
  const body: Body<'updateUser'> = req.body;
  await write(req, res, 200, (tx) => updateUser(tx, c, req.params.user_id, body));
});
