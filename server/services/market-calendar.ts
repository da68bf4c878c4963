// The market clock and the trading calendar as of the tenant's now, from the NYSE calendar in
// domain/calendar.ts; a calendar range is checked here, each error naming its end.
import type { components } from '../../generated/schema.d.ts';
import {
  addCalendarDays, CLOSE_HH_MM, EARLY_CLOSE_HH_MM, FIRST_YEAR, isOpen, LAST_YEAR, nextClose, nextOpen, nyDate, OPEN_HH_MM,
  session, settlementDate, tradingDays,
} from '../domain/calendar.ts';
import { badRequest } from '../errors.ts';
import { parseIsoDay } from '../iso-time.ts';

/** The longest range one calendar request may span, in days. */
export const MAX_CALENDAR_DAYS = 366;
const DEFAULT_CALENDAR_DAYS = 30;

export function marketClock(now: Date): components['schemas']['MarketClock'] {
  return {
    timestamp: now.toISOString(),
    is_open: isOpen(now),
    next_open: nextOpen(now).toISOString(),
    next_close: nextClose(now).toISOString(),
  };
}

const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

/**
 * The trading days from `start` (default: today in New York) to `end` (default: 30 days on),
 * both as the API reference's "ISO format" and within the years the calendar knows.
 */
export function calendarDays(now: Date, q: { start?: string | undefined; end?: string | undefined }): components['schemas']['CalendarDayList'] {
  const start = q.start === undefined ? nyDate(now) : parseIsoDay(q.start, 'start');
  const end = q.end === undefined ? addCalendarDays(start, DEFAULT_CALENDAR_DAYS) : parseIsoDay(q.end, 'end');
  for (const [name, d] of [['start', start], ['end', end]] as const) {
    const year = Number(d.slice(0, 4));
    if (year < FIRST_YEAR || year > LAST_YEAR - 1) {
      throw badRequest(`${name}: must be a date from ${FIRST_YEAR}-01-01 to ${LAST_YEAR - 1}-12-31`, name);
    }
  }
  if (end < start) throw badRequest('end: must not be before start', 'end');
  if (daysBetween(start, end) > MAX_CALENDAR_DAYS) throw badRequest(`end: at most ${MAX_CALENDAR_DAYS} days after start`, 'end');
  const data = tradingDays(start, end).map((date) => {
    const close = session(date)!.early_close ? EARLY_CLOSE_HH_MM : CLOSE_HH_MM;
    return { date, open: OPEN_HH_MM, close, settlement_date: settlementDate(date) };
  });
  return { data };
}
