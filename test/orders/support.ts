// Fixtures for the order scenarios: a funded customer, trading days picked from the NYSE
// calendar, the quote the engine sees, and the invariants every scenario ends on.
import { expect } from 'vitest';
import { addCalendarDays, isEarlyClose, isTradingDay, nyDate, weekday } from '../../server/domain/calendar.ts';
import { Decimal } from '../../server/domain/money.ts';
import { marketData } from '../../server/market/index.ts';
import type { TestApp } from '../helpers/app.ts';
import { customer, deposit, ny, type Tenant } from '../money/support.ts';

/** A full-session Tuesday at least 10 days out with trading days on the Monday before and the Wednesday after. */
export function tradingTuesday(now = new Date()): { monday: string; tuesday: string; wednesday: string } {
  for (let d = addCalendarDays(nyDate(now), 10); ; d = addCalendarDays(d, 1)) {
    if (weekday(d) !== 2) continue;
    const monday = addCalendarDays(d, -1);
    const wednesday = addCalendarDays(d, 1);
    if (isTradingDay(monday) && isTradingDay(d) && !isEarlyClose(d) && isTradingDay(wednesday)) return { monday, tuesday: d, wednesday };
  }
}

/** A customer whose `cash` settled on Monday; the tenant's clock stands at Tuesday 10:00 New York. */
export async function fundedCustomer(t: Tenant, days: ReturnType<typeof tradingTuesday>, cash: string) {
  await t.advance(ny(days.monday, '08:00'));
  const c = await customer(t);
  const d = await deposit(t, c.account.id, c.bank.id, cash);
  expect(d.status, d.text).toBe(201);
  await t.advance(ny(days.tuesday, '10:00'));
  return c;
}

/** The quote the engine fills against (no shocks in these tenants). */
export const quote = (symbol: string, at: Date) => marketData.quoteAt(symbol, at);

export const order = (accountId: string, symbol: string, fields: Record<string, string>) => ({ account_id: accountId, symbol, ...fields });

export async function balances(app: TestApp, tenantId: string, accountId: string): Promise<Record<string, string>> {
  const { rows } = await app.db.query<{ book: string; asset: string; amount: string }>(
    'SELECT book, asset, amount FROM ledger_balances WHERE tenant_id = $1 AND account_id = $2', [tenantId, accountId]);
  return Object.fromEntries(rows.map((r) => [`${r.book}:${r.asset}`, new Decimal(r.amount).toFixed()]));
}

/** Market minutes from `from` to `to` (inclusive), New York session minutes only. */
export function minutes(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += 60_000) out.push(new Date(t));
  return out;
}
