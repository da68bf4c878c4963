// /v1/sandbox/kyc/{token}/review: plays the document reviewer in the sandbox. The app's
// environment guard answers 404 for every /v1/sandbox path in production.
import { Router } from 'express';
import { ctx } from '../http/context.ts';
import { write } from '../http/write.ts';
import { reviewKyc } from '../services/kyc.ts';
import type { Body } from '../http/op-types.ts';


export const sandboxKycRouter = Router();

sandboxKycRouter.post('/v1/sandbox/kyc/:token/review', async (req, res) => {
  const c = ctx(req);
  const body: Body<'reviewSandboxKyc'> = req.body;
  await write(req, res, 200, (tx) => reviewKyc(tx, c, req.params.token, body.outcome));
});
