// Monthly statements as a scheduler source: one due item per tenant and month, at 00:00
// America/New_York on the 1st of the next month; running it generates every statement of that
// tenant-month (services/statement-generation.ts) and emits statement.created for each.
import type { ScheduleSource } from '../services/scheduler.ts';
import type { LinkIssuer } from '../services/statement-links.ts';
import { generateStatements, nextStatementMonth } from '../services/statement-generation.ts';
import { statementsDueAt } from '../services/statements.ts';

export const STATEMENTS_SOURCE = 'statements';

/**
 * The item id is the month's first day (`YYYY-MM-01`): one item per tenant-month, in month order.
 * The statement.created payloads carry links signed by `issuer`: the request's when a request
 * runs the scheduler (the sandbox clock advance), else the app's (server/wiring.ts).
 */
export const statementsSource = (issuer: LinkIssuer): ScheduleSource => ({
  name: STATEMENTS_SOURCE,
  counts: 'statements',
  async nextDue(tx, tenantId, until, after) {
    const month = await nextStatementMonth(tx, tenantId, until, after?.id ?? null);
    return month ? { at: statementsDueAt(month), id: month } : null;
  },
  /** Counts every statement the month produced, one per account in scope. */
  run: (tx, tenantId, item, now) => generateStatements(tx, tenantId, item.id, now, issuer),
});
