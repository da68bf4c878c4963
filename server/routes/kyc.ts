// /v1/kyc: run a check, read it, answer its questions, upload documents. Thin handlers over
// services/kyc.ts; the contract validator has checked the shapes.
import { Router } from 'express';
import type { Body } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { write } from '../http/write.ts';
import { answerKyc, createKyc, retrieveKyc, uploadDocument } from '../services/kyc.ts';


export const kycRouter = Router();

kycRouter.post('/v1/kyc', async (req, res) => {
  const c = ctx(req);
  const body: Body<'createKyc'> = req.body;
  await write(req, res, 201, (tx) => createKyc(tx, c, body));
});

kycRouter.get('/v1/kyc/:token', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveKyc(c.db, c, req.params.token));
});

kycRouter.patch('/v1/kyc/:token', async (req, res) => {
  const c = ctx(req);
  const body: Body<'updateKyc'> = req.body;
  await write(req, res, 200, (tx) => answerKyc(tx, c, req.params.token, body));
});

kycRouter.post('/v1/kyc/:token/documents', async (req, res) => {
  const c = ctx(req);
  const body: Body<'uploadKycDocument'> = req.body;
  await write(req, res, 201, (tx) => uploadDocument(tx, c, req.params.token, body));
});
