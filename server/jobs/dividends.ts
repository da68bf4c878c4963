// Dividends as a scheduler source: dividend events are paid at their pay date's open, one item per
// holder, then one that closes the event. Payments reach the listeners (managed accounts reinvest).
import type { Listeners } from '../services/hooks.ts';
import type { ScheduleSource } from '../services/scheduler.ts';
import { CLOSE, closeDividend, nextDueDividend, parseItemId, payDividend } from '../services/dividends.ts';

export const DIVIDENDS_SOURCE = 'dividends';

export const dividendsSource = (on: Listeners): ScheduleSource => ({
  name: DIVIDENDS_SOURCE,
  counts: 'dividends',
  nextDue: (tx, tenantId, until, after) => nextDueDividend(tx, tenantId, until, after),
  async run(tx, tenantId, item, now) {
    const parsed = parseItemId(item.id);
    if (!parsed) return false;
    return parsed.accountId === CLOSE
      ? closeDividend(tx, tenantId, parsed.event, now)
      : payDividend(tx, on, tenantId, parsed.event, parsed.accountId, now);
  },
});
