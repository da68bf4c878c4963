// Wash-sale rules (IRS Publication 550) as the rest of managed investing consults them.
// OWNER: the tax-loss-harvesting work. The two functions below are the seam the rebalancer uses;
// their first versions keep no windows (always the primary, nothing blocked) until harvesting
// records loss sales.
import type { Queryable } from '../db/db.ts';

/** An asset class as the rebalancer sees it: the primary ETF and its alternates in order. */
export interface ClassTickers {
  id: string;
  primary: string;
  secondary: string[];
}

/**
 * The ticker a managed account buys for `cls` at `now`: the primary, unless the account sold it
 * at a loss within the last 30 days, then the first alternate not itself in such a window (or
 * the replacement it already holds for the class).
 */
export async function buySymbolFor(_tx: Queryable, _tenantId: string, _accountId: string, cls: ClassTickers, _now: Date): Promise<string> {
  return cls.primary;
}

/**
 * Whether a managed account may sell `symbol` at `now` other than at a loss: a harvest's
 * replacement is held until its wash-sale window ends.
 */
export async function mustHold(_tx: Queryable, _tenantId: string, _accountId: string, _symbol: string, _now: Date): Promise<boolean> {
  return false;
}
