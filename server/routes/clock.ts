// The market clock and trading calendar (/v1/clock, /v1/calendar) as of the tenant's now. Thin
// handlers over services/market-calendar.ts.
import { Router } from 'express';
import type { Query } from '../http/op-types.ts';
import { ctx } from '../http/context.ts';
import { calendarDays, marketClock } from '../services/market-calendar.ts';

export const clockRouter = Router();

clockRouter.get('/v1/clock', (req, res) => {
  res.json(marketClock(ctx(req).clock.now()));
});

clockRouter.get('/v1/calendar', (req, res) => {
  const q = req.query as unknown as Query<'listCalendar'>;
  res.json(calendarDays(ctx(req).clock.now(), q));
});
