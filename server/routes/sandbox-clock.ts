// /v1/sandbox/clock and /v1/sandbox/clock/advance. The app's environment guard answers 404 for
// every /v1/sandbox path in production. After an advance commits, due webhooks are delivered
// before the answer goes out, so a test sees them as soon as the call returns: those this
// instance claims, and those other instances on the same database claimed (waited for, up to
// DRAIN_BOUND_MS).
import { Router, type Response } from 'express';
import type { Body } from '../http/op-types.ts';
import { appDeps, ctx } from '../http/context.ts';
import { requestLinkIssuer } from '../http/statement-links.ts';
import { write } from '../http/write.ts';
import { systemClock } from '../clock.ts';
import { workersOf } from '../jobs/index.ts';
import { advanceSandboxClock, retrieveSandboxClock } from '../services/sandbox-clock.ts';

export const sandboxClockRouter = Router();

sandboxClockRouter.get('/v1/sandbox/clock', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveSandboxClock(c.db, c.tenantId, appDeps(req).realClock ?? systemClock));
});

sandboxClockRouter.post('/v1/sandbox/clock/advance', async (req, res) => {
  const c = ctx(req);
  const body: Body<'advanceSandboxClock'> = req.body;
  const deps = appDeps(req);
  const real = deps.realClock ?? systemClock;
  // Statements made on the way carry links signed for the host this request reached.
  const sources = deps.wiring.sourcesSigningWith(requestLinkIssuer(req));
  // write() answers as soon as it commits; hold its answer until the webhooks have gone out.
  const held = holdResponse();
  await write(req, held.res, 200, (tx) => advanceSandboxClock(tx, sources, c.tenantId, real, body.to));
  await workersOf(req.app)?.drainTenant(c.tenantId);
  held.sendTo(res);
});

/** The slice of Response that write() uses, recorded for sending later. */
function holdResponse() {
  const headers: Array<[string, string]> = [];
  let status = 200;
  let text: string | undefined;
  const res = {
    set(name: string, value: string) { headers.push([name, value]); return res; },
    status(s: number) { status = s; return res; },
    send(t: string) { text = t; return res; },
    end() { return res; },
  };
  return {
    res: res as unknown as Response,
    sendTo(real: Response) {
      for (const [n, v] of headers) real.set(n, v);
      if (text === undefined) real.status(status).end();
      else real.status(status).send(text);
    },
  };
}
