// Wires dividends and withdrawal liquidation into the scheduler: dividend events are paid at their
// pay date's open, and withdrawals made while the market was closed place their sells at the next
// open. The liquidation's hooks (sale proceeds held as they settle, the ACH sent once every sell
// is done) are registered here too.
import { addScheduleSource, type ScheduleSource } from '../services/scheduler.ts';
import { CLOSE, closeDividend, nextDueDividend, parseItemId, payDividend } from '../services/dividends.ts';
import { installLiquidation } from '../services/liquidation.ts';

export const DIVIDENDS_SOURCE = 'dividends';

const dividends: ScheduleSource = {
  name: DIVIDENDS_SOURCE,
  counts: 'dividends',
  nextDue: (tx, tenantId, until, after) => nextDueDividend(tx, tenantId, until, after),
  async run(tx, tenantId, item, now) {
    const parsed = parseItemId(item.id);
    if (!parsed) return false;
    return parsed.accountId === CLOSE
      ? closeDividend(tx, tenantId, parsed.event, now)
      : payDividend(tx, tenantId, parsed.event, parsed.accountId, now);
  },
};

let installed = false;
export function installDividends(): void {
  if (installed) return;
  installed = true;
  addScheduleSource(dividends);
  installLiquidation();
}
