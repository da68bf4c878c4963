// Wires monthly statements into the scheduler: one due item per tenant and month, at 00:00
// America/New_York on the 1st of the next month; running it generates every statement of that
// tenant-month (services/statements.ts) and emits statement.created for each.
import type { Express } from 'express';
import type { AppDeps } from '../context.ts';
import { addScheduleSource, type ScheduleSource } from '../services/scheduler.ts';
import { generateStatements, nextStatementMonth, setProcessLinkIssuer, statementsDueAt } from '../services/statements.ts';

/** The item id is the month's first day (`YYYY-MM-01`): one item per tenant-month, in month order. */
export const monthlyStatements: ScheduleSource = {
  name: 'statements',
  counts: 'statements',
  async nextDue(tx, tenantId, until, after) {
    const month = await nextStatementMonth(tx, tenantId, until, after?.id ?? null);
    return month ? { at: statementsDueAt(month), id: month } : null;
  },
  /** Counts every statement the month produced, one per account in scope. */
  run: (tx, tenantId, item, now) => generateStatements(tx, tenantId, item.id, now),
};

let installed = false;
/**
 * Adds the statements source and remembers the app's link issuer for generation outside a
 * request. Its place among the sources does not matter: anything else due at a month's end
 * instant is dated in the next month (a period ends just before 00:00).
 */
export function installStatements(app: Express): void {
  setProcessLinkIssuer(app.locals.finos as AppDeps);
  if (installed) return;
  installed = true;
  addScheduleSource(monthlyStatements);
}
