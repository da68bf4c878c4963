// Monthly statements as the API serves them: the month arithmetic, the rows and their JSON with
// freshly signed links, the list and retrieve answers, and the signed PDF download.
// Generation after each month end (and the rules of what a statement shows): services/statement-generation.ts.
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import { addCalendarDays, addMonths, nyInstant, type IsoDate } from '../domain/calendar.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import type { ListSpec } from '../db/paging.ts';
import { checkStatementLink, statementLink } from '../security/signed-urls.ts';
import type { LinkIssuer } from './statement-links.ts';

type Statement = components['schemas']['Statement'];

// ---- months ----

/** 00:00 New York time on `date`. DST changes at 02:00, so midnight shares the previous noon's offset. */
export function nyMidnight(date: IsoDate): Date {
  return new Date(nyInstant(addCalendarDays(date, -1), '12:00').getTime() + 12 * 3_600_000);
}
/** The first day of the month `date` is in. */
export const monthOf = (date: IsoDate): IsoDate => `${date.slice(0, 7)}-01`;
/** The last day of the month starting `periodStart`. */
export const monthEnd = (periodStart: IsoDate): IsoDate => addCalendarDays(addMonths(periodStart, 1), -1);
/** When the month starting `periodStart` is over and its statements are due: 00:00 New York on the next 1st. */
export const statementsDueAt = (periodStart: IsoDate): Date => nyMidnight(addMonths(periodStart, 1));

// ---- signed links ----

// Who signs the links: services/statement-links.ts.
export { linkIssuer, type LinkIssuer } from './statement-links.ts';

// ---- rows and JSON ----

const COLUMNS = `id, account_id, to_char(period_start, 'YYYY-MM-DD') AS period_start,
  to_char(period_end, 'YYYY-MM-DD') AS period_end, created_at`;

export interface StatementRow {
  id: string;
  account_id: string;
  period_start: string;
  period_end: string;
  created_at: Date;
}

/** The API shape, with a link signed now that works for 30 minutes of real time. */
export function statementJson(r: StatementRow, issuer: LinkIssuer): Statement {
  const link = statementLink(issuer.key, r.id, issuer.real.now());
  return {
    id: r.id,
    url: issuer.base + link.path,
    account_id: r.account_id,
    period_start: r.period_start,
    period_end: r.period_end,
    url_expires_at: link.expiresAt.toISOString(),
    created_at: r.created_at.toISOString(),
  };
}

export async function retrieveStatement(db: Queryable, tenantId: string, id: string, issuer: LinkIssuer): Promise<Statement> {
  const { rows } = await db.query<StatementRow>(`SELECT ${COLUMNS} FROM statements WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  if (!rows[0]) throw notFound('statement', id);
  return statementJson(rows[0], issuer);
}

/**
 * The list's filter: statements of the account whose period overlaps [start_date, end_date].
 * Defaults: start_date = the tenant's today − 90 days, end_date = the last day of its current month.
 */
export function statementListSpec(tenantId: string, accountId: string, today: IsoDate, q: { start_date?: string; end_date?: string }): ListSpec {
  const start = q.start_date ?? addCalendarDays(today, -90);
  const end = q.end_date ?? monthEnd(monthOf(today));
  if (end < start) throw badRequest(`end_date: ${end} is before start_date ${start}`, 'end_date');
  return {
    table: 'statements',
    columns: COLUMNS,
    where: 'tenant_id = $1 AND account_id = $2 AND period_start <= $4::date AND period_end >= $3::date',
    params: [tenantId, accountId, start, end],
    filters: { account_id: accountId, start_date: start, end_date: end },
  };
}

// ---- the PDF behind a signed link ----

export interface StatementPdf {
  filename: string;
  pdf: Buffer;
}

/**
 * The PDF for a link's query. The signature and expiry are checked first (403), and only then
 * is the id looked up (404), so ids cannot be probed without a valid link. Statements of
 * tenants of the other environment are not served.
 */
export async function statementPdf(db: Queryable, env: string, issuer: LinkIssuer, id: string, expires: unknown, signature: unknown): Promise<StatementPdf> {
  const check = checkStatementLink(issuer.key, id, expires, signature, issuer.real.now());
  if (!check.ok) {
    const why = check.reason === 'expired'
      ? 'expires: the statement link has expired'
      : check.reason === 'malformed'
        ? `${check.field}: the statement link is malformed`
        : 'signature: the statement link signature is invalid';
    throw forbidden(`${why}; retrieve the statement for a new link`, check.field);
  }
  const { rows } = await db.query<{ pdf: Buffer | Uint8Array; period_start: string }>(
    `SELECT s.pdf, to_char(s.period_start, 'YYYY-MM') AS period_start
       FROM statements s JOIN tenants t ON t.id = s.tenant_id WHERE s.id = $1 AND t.env = $2`, [id, env]);
  if (!rows[0]) throw notFound('statement', id);
  return { filename: `statement-${rows[0].period_start}.pdf`, pdf: Buffer.from(rows[0].pdf) };
}
