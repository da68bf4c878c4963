// What a rebalance of a managed account would trade: the account's settings, its target classes and
// its holdings as domain/rebalance.ts sees them, the plan with the wash-sale rules applied, and the drift.
//
// Runs (services/rebalancing.ts) ask this module for a plan at each step; it writes nothing.
import type { Queryable } from '../db/db.ts';
import { Decimal } from '../domain/money.ts';
import {
  bandBreach, measure, planRebalance,
  type AccountState, type CashBand, type ClassTarget, type Holding, type Plan, type PlannedBuy,
} from '../domain/rebalance.ts';
import type { RiskTolerance } from '../domain/capital-market.ts';
import { notFound } from '../errors.ts';
import { marketData, tenantShocks } from '../market/index.ts';
import type { ShockSchedule } from '../market/provider.ts';
import { loadAssetClasses, type AssetClassRow } from './asset-classes.ts';
import { defaultPortfolioId, loadPortfolioTarget } from './portfolios.ts';
import { buySymbolFor, mustHold } from './wash-sales.ts';

export interface ManagedAccount {
  id: string;
  managed: boolean;
  account_type: 'cash' | 'investment';
  status: string;
  portfolio_id: string | null;
  risk_tolerance: RiskTolerance | null;
  min_cash_percent: string;
  max_cash_percent: string;
}

export const MANAGED_COLUMNS = 'id, managed, account_type, status, portfolio_id, risk_tolerance, min_cash_percent::text, max_cash_percent::text';

export const manageable = (a: ManagedAccount) => a.managed && a.account_type === 'investment' && a.status === 'active';
export const bandOf = (a: ManagedAccount): CashBand => ({ min: new Decimal(a.min_cash_percent), max: new Decimal(a.max_cash_percent) });

/** The account's settings, taking its row lock (the lock lockAccount takes: every money movement takes it first). */
export async function lockManagedAccount(tx: Queryable, tenantId: string, accountId: string): Promise<ManagedAccount> {
  const { rows } = await tx.query<ManagedAccount>(
    `SELECT ${MANAGED_COLUMNS} FROM accounts WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, accountId]);
  if (!rows[0]) throw notFound('account', accountId);
  return rows[0];
}

/**
 * Reads that every run of a tenant shares (asset classes, portfolios, default portfolio ids,
 * shocks), made once per transaction: a clock advance that rebalances thousands of accounts reads
 * each of them once. Nothing in a scheduler transaction changes them (their writes are requests of
 * their own).
 */
const memos = new WeakMap<Queryable, Map<string, Promise<unknown>>>();
function memo<T>(tx: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  let m = memos.get(tx);
  if (!m) memos.set(tx, (m = new Map()));
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) m.set(key, (p = load()));
  return p;
}
const shocksOf = (tx: Queryable, tenantId: string) => memo(tx, `shocks|${tenantId}`, () => tenantShocks(tx, tenantId, 'sandbox'));

/** The portfolio an account follows: its own, or the default for its risk tolerance. */
async function portfolioOf(tx: Queryable, tenantId: string, a: ManagedAccount): Promise<string> {
  if (a.portfolio_id) return a.portfolio_id;
  const risk = a.risk_tolerance ?? 'moderate';
  return memo(tx, `default|${tenantId}|${risk}`, () => defaultPortfolioId(tx, tenantId, risk));
}

/** A portfolio's classes with their tickers; `buySymbol` is the primary until resolved per account. */
export function portfolioClasses(tx: Queryable, tenantId: string, portfolioId: string): Promise<ClassTarget[]> {
  return memo(tx, `portfolio|${tenantId}|${portfolioId}`, async () => {
    const target = await loadPortfolioTarget(tx, tenantId, portfolioId);
    const classes = await memo(tx, `classes|${tenantId}`, () => loadAssetClasses(tx, tenantId));
    const byId = new Map<string, AssetClassRow>(classes.map((c) => [c.id, c]));
    return target.allocations.map((a) => {
      const c = byId.get(a.asset_class_id)!;
      return { id: c.id, weight: a.weight, symbols: [c.primary_symbol, ...c.secondary_symbols], buySymbol: c.primary_symbol };
    });
  });
}

/**
 * The plan with the wash-sale rules applied, asking them only about what the plan trades: a
 * planned sell of a ticker the rules keep (mustHold) is taken out and the plan made again, and each
 * buy goes to the ticker buySymbolFor names for its class (the primary, or an alternate while the
 * primary's window is open).
 */
async function planWithRules(
  tx: Queryable, tenantId: string, accountId: string, state: AccountState, classes: ClassTarget[], band: CashBand, sell: boolean, now: Date,
): Promise<Plan> {
  let plan = planRebalance(state, classes, band, { sell });
  const asked = new Set<string>();
  for (;;) {
    let kept = false;
    for (const s of plan.sells.filter((x) => !asked.has(x.symbol))) {
      asked.add(s.symbol);
      if (await mustHold(tx, tenantId, accountId, s.symbol, now)) {
        state.holdings.find((h) => h.symbol === s.symbol)!.mustHold = true;
        kept = true;
      }
    }
    if (!kept) break;
    plan = planRebalance(state, classes, band, { sell });
  }
  const buys: PlannedBuy[] = [];
  for (const b of plan.buys) {
    const c = classes.find((x) => x.id === b.classId)!;
    buys.push({ ...b, symbol: await buySymbolFor(tx, tenantId, accountId, { id: c.id, primary: c.symbols[0]!, secondary: c.symbols.slice(1) }, now) });
  }
  return { ...plan, buys };
}

interface BalanceRow {
  account_id: string;
  book: string;
  asset: string;
  amount: string;
}

/** Balances of several accounts in one query. */
async function balancesOf(tx: Queryable, tenantId: string, accountIds: string[]): Promise<Map<string, BalanceRow[]>> {
  const { rows } = await tx.query<BalanceRow>(
    `SELECT account_id, book, asset, amount::text AS amount FROM ledger_balances
      WHERE tenant_id = $1 AND account_id = ANY($2::uuid[]) AND book IN ('cash', 'cash_pending', 'securities', 'securities_held')
        AND amount <> 0`, [tenantId, accountIds]);
  const out = new Map<string, BalanceRow[]>();
  for (const r of rows) out.set(r.account_id, [...(out.get(r.account_id) ?? []), r]);
  return out;
}

/** Builds the domain's view of an account from its balances, pricing every holding at `now`. */
function stateOf(rows: BalanceRow[], now: Date, shocks: ShockSchedule): AccountState {
  let cash = new Decimal(0);
  let pending = new Decimal(0);
  const shares = new Map<string, { quantity: Decimal; free: Decimal }>();
  for (const r of rows) {
    const amount = new Decimal(r.amount);
    if (r.book === 'cash') cash = cash.plus(amount);
    else if (r.book === 'cash_pending') pending = pending.plus(amount);
    else {
      const s = shares.get(r.asset) ?? { quantity: new Decimal(0), free: new Decimal(0) };
      s.quantity = s.quantity.plus(amount);
      if (r.book === 'securities') s.free = s.free.plus(amount);
      shares.set(r.asset, s);
    }
  }
  const holdings: Holding[] = [];
  for (const [symbol, s] of [...shares].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (s.quantity.lte(0)) continue;
    const q = marketData.quoteAt(symbol, now, shocks);
    holdings.push({ symbol, quantity: s.quantity, free: s.free, price: q.price, bid: q.bid, mustHold: false });
  }
  return { cash, pending, holdings };
}

export async function accountState(tx: Queryable, tenantId: string, accountId: string, now: Date): Promise<AccountState> {
  const rows = (await balancesOf(tx, tenantId, [accountId])).get(accountId) ?? [];
  return stateOf(rows, now, await shocksOf(tx, tenantId));
}

/**
 * A step's plan for the account at `now`: the portfolio it follows (`portfolioId` once the run has
 * chosen one), the account's state and the plan; `sell` false plans buys only.
 */
export async function planFor(
  tx: Queryable, tenantId: string, account: ManagedAccount, portfolioId: string | null, sell: boolean, now: Date,
): Promise<{ portfolioId: string; state: AccountState; plan: Plan }> {
  const followed = portfolioId ?? await portfolioOf(tx, tenantId, account);
  const classes = await portfolioClasses(tx, tenantId, followed);
  const state = await accountState(tx, tenantId, account.id, now);
  const plan = await planWithRules(tx, tenantId, account.id, state, classes, bandOf(account), sell, now);
  return { portfolioId: followed, state, plan };
}

/**
 * The accounts, of those given, that breach their bands at `now`, measured in a few queries (all
 * their balances at once, each portfolio once). Answers their ids in the order given.
 */
export async function accountsOutsideBands(tx: Queryable, tenantId: string, accounts: ManagedAccount[], now: Date): Promise<string[]> {
  const shocks = await shocksOf(tx, tenantId);
  const balances = await balancesOf(tx, tenantId, accounts.map((a) => a.id));
  const due: string[] = [];
  for (const a of accounts) {
    const classes = await portfolioClasses(tx, tenantId, await portfolioOf(tx, tenantId, a));
    const state = stateOf(balances.get(a.id) ?? [], now, shocks);
    // Cash still settling is left to its settlement: a deposit requests its own run, and the next
    // check sees sale proceeds once they are spendable.
    if (state.pending.gt(0)) continue;
    if (bandBreach(measure(state, classes, bandOf(a))) !== null) due.push(a.id);
  }
  return due;
}
