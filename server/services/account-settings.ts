// PUT /v1/accounts/{id}/settings: turn management on or off, pick the portfolio, set the cash band.
// A PUT replaces the settings: omitted fields take the contract's defaults (no portfolio → the
// default portfolio for the account's risk_tolerance, band 1.0–5.0). Any change to a managed
// account's settings requests a `settings` rebalance; turning management off drops a request that
// has not started.
import type { Context } from '../context.ts';
import type { components } from '../../generated/schema.d.ts';
import type { Queryable } from '../db/db.ts';
import type { RiskTolerance } from '../domain/capital-market.ts';
import { Decimal } from '../domain/money.ts';
import { badRequest, conflict } from '../errors.ts';
import { loadAccountRow, type AccountRow } from './accounts.ts';
import { defaultPortfolioId, loadPortfolioTarget } from './portfolios.ts';
import { cancelPendingRebalances, requestRebalance } from './rebalancing.ts';

type AccountSettings = components['schemas']['AccountSettings'];
type AccountSettingsUpdateRequest = components['schemas']['AccountSettingsUpdateRequest'];

export const DEFAULT_MIN_CASH_PERCENT = '1.0';
export const DEFAULT_MAX_CASH_PERCENT = '5.0';
/** AccountCashPercent: 0 to 100 with at most 2 decimals. */
const CASH_PERCENT = /^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$/;

export const settingsJson = (r: Pick<AccountRow, 'id' | 'managed' | 'portfolio_id' | 'min_cash_percent' | 'max_cash_percent'>): AccountSettings => ({
  id: r.id,
  managed: r.managed,
  portfolio_id: r.portfolio_id,
  min_cash_percent: r.min_cash_percent,
  max_cash_percent: r.max_cash_percent,
});

function cashPercent(v: string | undefined, field: string, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !CASH_PERCENT.test(v)) throw badRequest(`${field}: must be a percent from 0 to 100 as a decimal string with at most 2 decimals`, field);
  return v;
}

export async function updateAccountSettings(tx: Queryable, c: Pick<Context, 'tenantId' | 'clock'>, accountId: string, body: AccountSettingsUpdateRequest): Promise<AccountSettings> {
  const current = await loadAccountRow(tx, c.tenantId, accountId, true);
  if (current.account_type !== 'investment') {
    throw conflict(`account_type: account ${accountId} is a cash account; only investment accounts can be managed (convert it with PUT /v1/accounts/${accountId})`, 'account_type');
  }
  if (current.status === 'closed') throw conflict(`account_id: account ${accountId} is closed`, 'account_id');
  const min = cashPercent(body.min_cash_percent, 'min_cash_percent', DEFAULT_MIN_CASH_PERCENT);
  const max = cashPercent(body.max_cash_percent, 'max_cash_percent', DEFAULT_MAX_CASH_PERCENT);
  if (new Decimal(min).gt(max)) throw badRequest(`min_cash_percent: ${min} is more than max_cash_percent ${max}`, 'min_cash_percent');
  let portfolioId = body.portfolio_id ?? null;
  if (portfolioId !== null) await loadPortfolioTarget(tx, c.tenantId, portfolioId);
  else if (body.managed) portfolioId = await defaultPortfolioId(tx, c.tenantId, current.risk_tolerance as RiskTolerance, c.clock.now());

  const changed = body.managed !== current.managed || portfolioId !== current.portfolio_id
    || !new Decimal(min).eq(current.min_cash_percent) || !new Decimal(max).eq(current.max_cash_percent);
  const now = c.clock.now();
  await tx.query(
    `UPDATE accounts SET managed = $3, portfolio_id = $4, min_cash_percent = $5::numeric, max_cash_percent = $6::numeric, updated_at = $7
      WHERE tenant_id = $1 AND id = $2`,
    [c.tenantId, accountId, body.managed, portfolioId, min, max, now]);
  if (body.managed && changed) await requestRebalance(tx, c.tenantId, accountId, 'settings', now);
  if (!body.managed && current.managed) await cancelPendingRebalances(tx, c.tenantId, accountId, now);
  return settingsJson(await loadAccountRow(tx, c.tenantId, accountId));
}
