// The NYSE trading calendar: regular sessions (09:30–16:00 New York time, 13:00 on early closes),
// holidays from NYSE's rules plus a table of one-off closures, and settlement-day arithmetic.
// Pure: every function takes the instant or date it reasons about; nothing reads the clock.
import { TZDate, tzOffset } from '@date-fns/tz';

/** A New York calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export const MARKET_TIME_ZONE = 'America/New_York';
export const OPEN_HH_MM = '09:30';
export const CLOSE_HH_MM = '16:00';
export const EARLY_CLOSE_HH_MM = '13:00';
export const SESSION_MINUTES = 390;
export const EARLY_CLOSE_SESSION_MINUTES = 210;

/** Business days to settle, on the NYSE calendar (T+1 since May 2024; withdrawals take three). */
export const SETTLEMENT_DAYS = { equity: 1, deposit: 1, withdrawal: 3 } as const;

// The calendar is defined for these years; anything outside is a caller bug, not a date to guess.
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;

export interface Session {
  date: IsoDate;
  open: Date;
  close: Date;
  early_close: boolean;
}

/**
 * Closures NYSE announced outside its rules (national days of mourning, weather). Rule-based
 * holidays and early closes are computed; this table only adds what the rules cannot know.
 */
export const SPECIAL_CLOSURES: Readonly<Record<IsoDate, string>> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National Day of Mourning for Ronald Reagan',
  '2007-01-02': 'National Day of Mourning for Gerald Ford',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National Day of Mourning for George H.W. Bush',
  '2025-01-09': 'National Day of Mourning for Jimmy Carter',
};

/** One-off 13:00 closes NYSE announced outside its rules (none are known in the covered years). */
export const SPECIAL_EARLY_CLOSES: Readonly<Record<IsoDate, string>> = {};

// ---- plain date arithmetic on IsoDate (UTC midnight stands in for the calendar day) ----

const DAY_MS = 86_400_000;

function assertIsoDate(date: IsoDate): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const year = Number(date.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`date ${date} is outside ${FIRST_YEAR}–${LAST_YEAR}`);
}

const toUtcMs = (date: IsoDate): number => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
const fromUtcMs = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);
const ymd = (y: number, m: number, d: number): IsoDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Calendar days later (negative: earlier). */
export const addCalendarDays = (date: IsoDate, days: number): IsoDate => fromUtcMs(toUtcMs(date) + days * DAY_MS);
/** The same day `months` months later (earlier when negative), clamped to the month's end. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const total = +date.slice(0, 4) * 12 + (+date.slice(5, 7) - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return ymd(year, month, Math.min(+date.slice(8, 10), lastDay));
}
/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: IsoDate): number => new Date(toUtcMs(date)).getUTCDay();

/** The New York calendar date of an instant. */
export function nyDate(instant: Date): IsoDate {
  // New York's offset is a whole number of hours, so the date is constant within a UTC hour.
  const hour = Math.floor(instant.getTime() / 3_600_000);
  let date = nyDateByHour.get(hour);
  if (date === undefined) {
    const z = new TZDate(hour * 3_600_000, MARKET_TIME_ZONE);
    date = ymd(z.getFullYear(), z.getMonth() + 1, z.getDate());
    if (nyDateByHour.size > 50_000) nyDateByHour.clear();
    nyDateByHour.set(hour, date);
  }
  return date;
}
const nyDateByHour = new Map<number, IsoDate>();

/**
 * The instant of a New York wall-clock time (`HH:MM`, 03:00 or later) on a date. The offset is
 * read at local noon: DST switches at 02:00, so every later time that day shares it.
 */
export function nyInstant(date: IsoDate, hhmm: string): Date {
  const [y, m, d] = [+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)];
  const offsetMinutes = tzOffset(MARKET_TIME_ZONE, new Date(Date.UTC(y, m, d, 17)));
  return new Date(Date.UTC(y, m, d, +hhmm.slice(0, 2), +hhmm.slice(3, 5)) - offsetMinutes * 60_000);
}

// ---- holiday rules ----

/** The nth (1-based) given weekday of a month; n = -1 is the last one. */
function nthWeekday(year: number, month: number, dow: number, n: number): IsoDate {
  if (n > 0) {
    const first = ymd(year, month, 1);
    const offset = (dow - weekday(first) + 7) % 7;
    return addCalendarDays(first, offset + (n - 1) * 7);
  }
  const last = addCalendarDays(ymd(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addCalendarDays(last, -((weekday(last) - dow + 7) % 7));
}

/** Easter Sunday (anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** NYSE Rule 7.2: a Saturday holiday is observed on Friday, a Sunday one on Monday. */
function observed(date: IsoDate): IsoDate {
  const dow = weekday(date);
  return dow === 6 ? addCalendarDays(date, -1) : dow === 0 ? addCalendarDays(date, 1) : date;
}

interface YearRules {
  holidays: Map<IsoDate, string>;
  earlyCloses: Map<IsoDate, string>;
}

const rulesByYear = new Map<number, YearRules>();

function yearRules(year: number): YearRules {
  let rules = rulesByYear.get(year);
  if (rules) return rules;
  const holidays = new Map<IsoDate, string>();
  const newYear = ymd(year, 1, 1);
  // NYSE does not close on Friday Dec 31 for a Saturday New Year's Day (it ends the accounting year).
  if (weekday(newYear) !== 6) holidays.set(observed(newYear), "New Year's Day");
  holidays.set(nthWeekday(year, 1, 1, 3), 'Martin Luther King, Jr. Day');
  holidays.set(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  holidays.set(addCalendarDays(easterSunday(year), -2), 'Good Friday');
  holidays.set(nthWeekday(year, 5, 1, -1), 'Memorial Day');
  if (year >= 2022) holidays.set(observed(ymd(year, 6, 19)), 'Juneteenth National Independence Day');
  holidays.set(observed(ymd(year, 7, 4)), 'Independence Day');
  holidays.set(nthWeekday(year, 9, 1, 1), 'Labor Day');
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  holidays.set(thanksgiving, 'Thanksgiving Day');
  holidays.set(observed(ymd(year, 12, 25)), 'Christmas Day');

  // Early closes, as NYSE schedules them: July 3 and December 24 only when they fall Monday to
  // Thursday (on a Friday they are the observed holiday itself), and the day after Thanksgiving.
  const earlyCloses = new Map<IsoDate, string>();
  const july3 = ymd(year, 7, 3);
  if (weekday(july3) >= 1 && weekday(july3) <= 4) earlyCloses.set(july3, 'Day before Independence Day');
  earlyCloses.set(addCalendarDays(thanksgiving, 1), 'Day after Thanksgiving');
  const dec24 = ymd(year, 12, 24);
  if (weekday(dec24) >= 1 && weekday(dec24) <= 4) earlyCloses.set(dec24, 'Christmas Eve');

  rules = { holidays, earlyCloses };
  rulesByYear.set(year, rules);
  return rules;
}

/** The weekday market holidays of a year, date → name, in date order (special closures included). */
export function holidays(year: number): Map<IsoDate, string> {
  const all = new Map(yearRules(year).holidays);
  for (const [date, name] of Object.entries(SPECIAL_CLOSURES)) if (date.startsWith(`${year}-`)) all.set(date, name);
  return new Map([...all].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The 13:00 early closes of a year, date → reason. */
export function earlyCloses(year: number): Map<IsoDate, string> {
  const all = new Map(yearRules(year).earlyCloses);
  for (const [date, name] of Object.entries(SPECIAL_EARLY_CLOSES)) if (date.startsWith(`${year}-`)) all.set(date, name);
  for (const date of all.keys()) if (!isTradingDay(date)) all.delete(date);
  return new Map([...all].sort(([a], [b]) => (a < b ? -1 : 1)));
}

// ---- the public calendar ----

export function isTradingDay(date: IsoDate): boolean {
  assertIsoDate(date);
  const dow = weekday(date);
  if (dow === 0 || dow === 6) return false;
  if (SPECIAL_CLOSURES[date]) return false;
  return !yearRules(+date.slice(0, 4)).holidays.has(date);
}

export function isEarlyClose(date: IsoDate): boolean {
  if (!isTradingDay(date)) return false;
  return yearRules(+date.slice(0, 4)).earlyCloses.has(date) || SPECIAL_EARLY_CLOSES[date] !== undefined;
}

const sessionCache = new Map<IsoDate, Session | null>();

/** The regular session on a date, or null when the market is closed all day. */
export function session(date: IsoDate): Session | null {
  let s = sessionCache.get(date);
  if (s !== undefined) return s;
  if (!isTradingDay(date)) {
    s = null;
  } else {
    const early = isEarlyClose(date);
    const open = nyInstant(date, OPEN_HH_MM);
    const closeMinutes = early ? EARLY_CLOSE_SESSION_MINUTES : SESSION_MINUTES;
    s = { date, open, close: new Date(open.getTime() + closeMinutes * 60_000), early_close: early };
  }
  if (sessionCache.size > 100_000) sessionCache.clear();
  sessionCache.set(date, s);
  return s;
}

/** The trading day `n` trading days after `date` (before it when n < 0); `date` itself need not trade. */
export function addBusinessDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let d = date;
  for (let left = Math.abs(n); left > 0; ) {
    d = addCalendarDays(d, step);
    if (isTradingDay(d)) left--;
  }
  return d;
}

/** The first trading day on or after `date`. */
export function nextTradingDayOnOrAfter(date: IsoDate): IsoDate {
  let d = date;
  while (!isTradingDay(d)) d = addCalendarDays(d, 1);
  return d;
}

/** The last trading day on or before `date`. */
export function previousTradingDayOnOrBefore(date: IsoDate): IsoDate {
  let d = date;
  while (!isTradingDay(d)) d = addCalendarDays(d, -1);
  return d;
}

/** When a trade made on `date` settles (T+1 for equities and deposits, 3 days for withdrawals). */
export const settlementDate = (date: IsoDate, kind: keyof typeof SETTLEMENT_DAYS = 'equity'): IsoDate =>
  addBusinessDays(date, SETTLEMENT_DAYS[kind]);

/** The trading days from `start` to `end`, both included, oldest first. */
export function tradingDays(start: IsoDate, end: IsoDate): IsoDate[] {
  assertIsoDate(start);
  assertIsoDate(end);
  const out: IsoDate[] = [];
  for (let d = start; d <= end; d = addCalendarDays(d, 1)) if (isTradingDay(d)) out.push(d);
  return out;
}

/** The session running at `now` (open ≤ now < close), or null. */
export function currentSession(now: Date): Session | null {
  const s = session(nyDate(now));
  const t = now.getTime();
  return s && s.open.getTime() <= t && t < s.close.getTime() ? s : null;
}

export const isOpen = (now: Date): boolean => currentSession(now) !== null;

/** The first session whose `edge` comes strictly after `now`. */
function nextSessionEdge(now: Date, edge: 'open' | 'close'): Date {
  const t = now.getTime();
  for (let d = nyDate(now); ; d = followingTradingDay(d)) {
    const s = session(d);
    if (s && s[edge].getTime() > t) return s[edge];
  }
}

// The market clock asks for the day after today on every request outside a session.
const followingCache = new Map<IsoDate, IsoDate>();

/** The first trading day strictly after `date`. */
function followingTradingDay(date: IsoDate): IsoDate {
  let next = followingCache.get(date);
  if (next === undefined) {
    next = nextTradingDayOnOrAfter(addCalendarDays(date, 1));
    if (followingCache.size > 100_000) followingCache.clear();
    followingCache.set(date, next);
  }
  return next;
}

/** The start of the next session strictly after `now`. */
export const nextOpen = (now: Date): Date => nextSessionEdge(now, 'open');

/** The end of the current session when open, otherwise of the next one. */
export const nextClose = (now: Date): Date => nextSessionEdge(now, 'close');

/** The latest session that has closed at `now` (close ≤ now). */
export function lastCompletedSession(now: Date): Session {
  let d = previousTradingDayOnOrBefore(nyDate(now));
  for (;;) {
    const s = session(d)!;
    if (s.close <= now) return s;
    d = previousTradingDayOnOrBefore(addCalendarDays(d, -1));
  }
}
