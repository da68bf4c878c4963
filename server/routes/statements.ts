// /v1/statements, /v1/statements/{statement_id} and the signed PDF behind
// /v1/statements/{statement_id}/pdf, which runs without an API key (auth.ts isPublic): its
// expires/signature query is the credential. Thin handlers over services/statements.ts.
import { Router, type Request } from 'express';
import type { Query } from '../http/op-types.ts';
import { appDeps, ctx } from '../http/context.ts';
import { listPage } from '../db/paging.ts';
import { pageQuery } from '../http/pagination.ts';
import { requestLinkIssuer } from '../http/statement-links.ts';
import { nyDate } from '../domain/calendar.ts';
import { parseIsoDay } from '../iso-time.ts';
import { loadAccountRow } from '../services/accounts.ts';
import {
  retrieveStatement, statementJson, statementListSpec, statementPdf, type StatementRow,
} from '../services/statements.ts';

export const statementsRouter = Router();

statementsRouter.get('/v1/statements', async (req, res) => {
  const c = ctx(req);
  const q = req.query as unknown as Query<'listStatements'>;
  const range: { start_date?: string; end_date?: string } = {};
  if (q.start_date !== undefined) range.start_date = parseIsoDay(q.start_date, 'start_date');
  if (q.end_date !== undefined) range.end_date = parseIsoDay(q.end_date, 'end_date');
  await loadAccountRow(c.db, c.tenantId, q.account_id);
  const spec = statementListSpec(c.tenantId, q.account_id, nyDate(c.clock.now()), range);
  const issuer = requestLinkIssuer(req);
  res.json(await listPage(c.db, spec, (r: StatementRow) => statementJson(r, issuer), pageQuery(req)));
});

statementsRouter.get('/v1/statements/:statement_id', async (req, res) => {
  const c = ctx(req);
  res.json(await retrieveStatement(c.db, c.tenantId, req.params.statement_id, requestLinkIssuer(req)));
});

/** The query exactly as sent (one value per name), not as a parser may have coerced it. */
function rawParam(req: Request, name: string): string | undefined {
  const i = req.originalUrl.indexOf('?');
  const values = new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1)).getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

statementsRouter.get('/v1/statements/:statement_id/pdf', async (req, res) => {
  const deps = appDeps(req);
  const { filename, pdf } = await statementPdf(
    deps.db, deps.config.env, requestLinkIssuer(req), req.params.statement_id, rawParam(req, 'expires'), rawParam(req, 'signature'));
  res.status(200).set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${filename}"`,
    // The link is a short-lived credential: keep the document out of shared caches.
    'Cache-Control': 'private, no-store',
  }).send(pdf);
});
