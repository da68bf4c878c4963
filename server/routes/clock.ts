// The market clock and trading calendar (/v1/clock, /v1/calendar), from the tenant's now and
// the NYSE calendar in domain/calendar.ts.
import { Router } from 'express';
import type { Query } from '../http/op-types.ts';
import type { components, operations } from '../../generated/schema.d.ts';
import { ctx } from '../http/context.ts';
import { badRequest } from '../errors.ts';
import { parseIsoDay } from '../iso-time.ts';
import {
  addCalendarDays,
  CLOSE_HH_MM,
  EARLY_CLOSE_HH_MM,
  FIRST_YEAR,
  isOpen,
  LAST_YEAR,
  nextClose,
  nextOpen,
  nyDate,
  OPEN_HH_MM,
  session,
  settlementDate,
  tradingDays,
} from '../domain/calendar.ts';


/** The longest range one calendar request may span, in days. */
export const MAX_CALENDAR_DAYS = 366;
const DEFAULT_CALENDAR_DAYS = 30;

export const clockRouter = Router();

clockRouter.get('/v1/clock', (req, res) => {
  const now = ctx(req).clock.now();
  const body: components['schemas']['MarketClock'] = {
    timestamp: now.toISOString(),
    is_open: isOpen(now),
    next_open: nextOpen(now).toISOString(),
    next_close: nextClose(now).toISOString(),
  };
  res.json(body);
});

const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

clockRouter.get('/v1/calendar', (req, res) => {
  const q = req.query as unknown as Query<'listCalendar'>;
  const start = q.start === undefined ? nyDate(ctx(req).clock.now()) : parseIsoDay(q.start, 'start');
  const end = q.end === undefined ? addCalendarDays(start, DEFAULT_CALENDAR_DAYS) : parseIsoDay(q.end, 'end');
  for (const [name, d] of [['start', start], ['end', end]] as const) {
    const year = Number(d.slice(0, 4));
    if (year < FIRST_YEAR || year > LAST_YEAR - 1) {
      throw badRequest(`${name}: must be a date from ${FIRST_YEAR}-01-01 to ${LAST_YEAR - 1}-12-31`, name);
    }
  }
  if (end < start) throw badRequest('end: must not be before start', 'end');
  if (daysBetween(start, end) > MAX_CALENDAR_DAYS) throw badRequest(`end: at most ${MAX_CALENDAR_DAYS} days after start`, 'end');
  const data: components['schemas']['CalendarDay'][] = tradingDays(start, end).map((date) => {
    const close = session(date)!.early_close ? EARLY_CLOSE_HH_MM : CLOSE_HH_MM;
    return { date, open: OPEN_HH_MM, close, settlement_date: settlementDate(date) };
  });
  const body: components['schemas']['CalendarDayList'] = { data };
  res.json(body);
});
