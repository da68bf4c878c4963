// The limits that keep every amount within what the contract can express. Money on the wire has
// at most 13 integer digits; these limits sit far below that, at the door where value enters an
// account (a deposit) or is created (a sandbox price shock), so no later read can overflow.
import type { Queryable } from '../db/db.ts';
import { Decimal, moneyString } from '../domain/money.ts';
import { conflict, validationError } from '../errors.ts';
import { ledgerAccountValuation } from './ledger.ts';

/** The most one ACH deposit or withdrawal may move (the contract's TransferAmount). */
export const TRANSFER_LIMIT = new Decimal('1000000.00');

/**
 * The most an account may be worth: cash (settled, pending and held) plus holdings at market.
 * A hundred million dollars leaves five orders of magnitude under the contract's 13 digits for prices
 * that drift after the account was filled.
 */
export const ACCOUNT_VALUE_LIMIT = new Decimal('100000000.00');

/**
 * The range a symbol's shocks may move its simulated price to, together: from a hundredth of it
 * to a hundred times it.
 */
export const SHOCK_FACTOR_MIN = new Decimal('0.01');
export const SHOCK_FACTOR_MAX = new Decimal(100);

export const limitText = (d: Decimal) => moneyString(d).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Everything the account holds, valued now: all its USD books plus holdings at the tenant's prices. */
export async function accountWorth(tx: Queryable, tenantId: string, accountId: string): Promise<Decimal> {
  const { rows } = await tx.query<{ amount: string | null }>(
    `SELECT sum(amount) AS amount FROM ledger_balances
      WHERE tenant_id = $1 AND account_id = $2 AND asset = 'USD' AND book IN ('cash', 'cash_pending', 'cash_held')`,
    [tenantId, accountId],
  );
  const { portfolio_market_value } = await ledgerAccountValuation.read(tx, tenantId, accountId);
  return new Decimal(rows[0]?.amount ?? 0).plus(portfolio_market_value);
}

/** The accounts of a tenant that hold shares of `symbol` (free or held for a sell). */
export async function holdersOf(tx: Queryable, tenantId: string, symbol: string): Promise<string[]> {
  const { rows } = await tx.query<{ account_id: string }>(
    `SELECT DISTINCT account_id FROM ledger_balances
      WHERE tenant_id = $1 AND asset = $2 AND book IN ('securities', 'securities_held') AND amount > 0`,
    [tenantId, symbol],
  );
  return rows.map((r) => r.account_id);
}

/**
 * Refuses a shock that would take `symbol`'s price, with the shocks it already has, outside
 * SHOCK_FACTOR_MIN..SHOCK_FACTOR_MAX of its simulated price. Shocks of one tenant are taken one
 * at a time (a transaction-scoped advisory lock), so two cannot each pass against the old product.
 */
export async function checkShockRange(tx: Queryable, tenantId: string, symbol: string, changePercent: number): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('finos_shock:' || $1::text))`, [tenantId]);
  const { rows } = await tx.query<{ change_percent: string }>(
    'SELECT change_percent FROM market_shocks WHERE tenant_id = $1 AND symbol = $2',
    [tenantId, symbol],
  );
  const factor = (p: string | number) => new Decimal(1).plus(new Decimal(p).div(100));
  const before = rows.reduce((acc, r) => acc.times(factor(r.change_percent)), new Decimal(1));
  const after = before.times(factor(changePercent));
  if (after.lt(SHOCK_FACTOR_MIN) || after.gt(SHOCK_FACTOR_MAX)) {
    throw validationError(
      `change_percent: ${symbol}'s shocks would move its price to ${after.toSignificantDigits(4).toString()} times its simulated price; together they may move it from ${SHOCK_FACTOR_MIN.toString()} to ${SHOCK_FACTOR_MAX.toString()} times (now ${before.toSignificantDigits(4).toString()})`,
      'change_percent',
    );
  }
}

/** After a shock: refuses it (409) when it values an account holding the symbol above ACCOUNT_VALUE_LIMIT. */
export async function checkHoldersWithin(tx: Queryable, tenantId: string, symbol: string): Promise<void> {
  for (const accountId of await holdersOf(tx, tenantId, symbol)) {
    const worth = await accountWorth(tx, tenantId, accountId);
    if (worth.gt(ACCOUNT_VALUE_LIMIT)) {
      throw conflict(
        `change_percent: this shock would value account ${accountId} at ${limitText(worth)}, above ${limitText(ACCOUNT_VALUE_LIMIT)}, the most one account may hold`,
        'change_percent',
      );
    }
  }
}
