// ACH settlement as scheduler sources: pending deposits and withdrawals are due at their
// settle_at (09:30 New York on the settlement day) and settle through services/transfers.ts.
import type { Listeners } from '../services/hooks.ts';
import { tableSource, type ScheduleSource } from '../services/scheduler.ts';
import { settleTransfer, type TransferKind } from '../services/transfers.ts';

const transferSource = (on: Listeners, kind: TransferKind, table: string): ScheduleSource => tableSource({
  name: `${kind}_settlements`,
  counts: 'settlements',
  due: { table, at: 'settle_at', where: "status = 'pending'" },
  run: (tx, tenantId, item, now) => settleTransfer(tx, on, kind, tenantId, item.id, now),
});

export const depositSettlements = (on: Listeners) => transferSource(on, 'deposit', 'deposits');
export const withdrawalSettlements = (on: Listeners) => transferSource(on, 'withdrawal', 'withdrawals');
