// The simulated dividend schedule: every payer pays dividend_rate / (payments a year) per share,
// ex-dividend on the first trading day on or after the 10th of each pay month, paid 7 calendar
// days later (the next trading day if that is a holiday or weekend).
import { addCalendarDays, addMonths, type IsoDate, nextTradingDayOnOrAfter } from '../domain/calendar.ts';
import { Decimal } from '../domain/money.ts';
import type { UniverseEntry } from './universe.ts';

export interface DividendEvent {
  symbol: string;
  ex_date: IsoDate;
  pay_date: IsoDate;
  /** Dollars per share, 4 decimals. */
  amount_per_share: Decimal;
}

const EX_DAY = 10;
const PAY_LAG_DAYS = 7;

/** The ex-dividend date of a pay month. */
export const exDividendDate = (year: number, month: number): IsoDate =>
  nextTradingDayOnOrAfter(`${year}-${String(month).padStart(2, '0')}-${String(EX_DAY).padStart(2, '0')}`);

/** Dividends whose ex-date falls in [from, to], oldest first; none for a symbol that pays none. */
export function dividendsBetween(e: UniverseEntry, from: IsoDate, to: IsoDate): DividendEvent[] {
  if (e.dividend_rate <= 0 || e.pay_months.length === 0) return [];
  const amount = new Decimal(String(e.dividend_rate)).div(e.pay_months.length).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN);
  const out: DividendEvent[] = [];
  for (let month = `${from.slice(0, 7)}-01`; month <= to; month = addMonths(month, 1)) {
    if (!e.pay_months.includes(+month.slice(5, 7))) continue;
    const ex = exDividendDate(+month.slice(0, 4), +month.slice(5, 7));
    if (ex < from || ex > to) continue;
    out.push({ symbol: e.symbol, ex_date: ex, pay_date: nextTradingDayOnOrAfter(addCalendarDays(ex, PAY_LAG_DAYS)), amount_per_share: amount });
  }
  return out;
}

/** The latest ex-dividend date on or before `today`, or null for a symbol that pays none. */
export function latestExDividendDate(e: UniverseEntry, today: IsoDate): IsoDate | null {
  return dividendsBetween(e, addMonths(today, -13), today).at(-1)?.ex_date ?? null;
}
