import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  earlyCloses,
  easterSunday,
  holidays,
  isOpen,
  isTradingDay,
  lastCompletedSession,
  nextClose,
  nextOpen,
  nyDate,
  session,
  settlementDate,
  tradingDays,
} from './calendar.ts';

// Source: NYSE Group press release "NYSE Group Announces 2026, 2027 and 2028 Holiday and Early
// Closings Calendar" (23 December 2025; also the 8 November 2024 release for 2025–2027).
const NYSE_HOLIDAYS: Record<number, string[]> = {
  2026: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
  // 2027: Juneteenth (Sat) observed Fri Jun 18, July 4 (Sun) observed Mon Jul 5, Christmas (Sat) observed Fri Dec 24.
  2027: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'],
  // 2028: New Year's Day is a Saturday and is not observed (no closure on Fri 2027-12-31).
  2028: ['2028-01-17', '2028-02-21', '2028-04-14', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-11-23', '2028-12-25'],
};
const NYSE_EARLY_CLOSES: Record<number, string[]> = {
  2026: ['2026-11-27', '2026-12-24'],
  2027: ['2027-11-26'],
  2028: ['2028-07-03', '2028-11-24'],
};

const at = (iso: string) => new Date(iso);

describe('NYSE calendar against the published lists', () => {
  for (const year of [2026, 2027, 2028]) {
    it(`holidays ${year}`, () => {
      expect([...holidays(year).keys()]).toEqual(NYSE_HOLIDAYS[year]);
      for (const d of NYSE_HOLIDAYS[year]!) expect(isTradingDay(d)).toBe(false);
    });
    it(`early closes ${year}`, () => {
      expect([...earlyCloses(year).keys()]).toEqual(NYSE_EARLY_CLOSES[year]);
      for (const d of NYSE_EARLY_CLOSES[year]!) {
        const s = session(d)!;
        expect(s.early_close).toBe(true);
        expect(s.close.getTime() - s.open.getTime()).toBe(210 * 60_000);
      }
    });
  }

  it('counts 251/252 trading days a year', () => {
    expect(tradingDays('2026-01-01', '2026-12-31')).toHaveLength(251);
    expect(tradingDays('2027-01-01', '2027-12-31')).toHaveLength(251);
    expect(tradingDays('2028-01-01', '2028-12-31')).toHaveLength(251);
  });

  it('knows earlier years and special closures', () => {
    expect(isTradingDay('2027-12-31')).toBe(true); // Saturday New Year's Day 2028 not observed
    expect(isTradingDay('2022-12-26')).toBe(false); // Christmas Sunday → Monday
    expect(isTradingDay('2021-06-18')).toBe(true); // Juneteenth only from 2022
    expect(isTradingDay('2025-01-09')).toBe(false); // Carter day of mourning
    expect(isTradingDay('2018-12-05')).toBe(false);
    expect(session('2025-07-03')!.early_close).toBe(true);
    expect(session('2021-07-02')!.early_close).toBe(false); // July 4 on Sunday: no early close
    expect(session('2025-12-24')!.early_close).toBe(true);
    expect(session('2022-12-23')!.early_close).toBe(false);
  });

  it('computes Easter', () => {
    expect(['2024', '2025', '2026', '2027', '2028', '2038'].map((y) => easterSunday(+y))).toEqual([
      '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16', '2038-04-25',
    ]);
  });
});

describe('sessions across DST', () => {
  it('opens at 09:30 New York in winter (14:30Z) and summer (13:30Z)', () => {
    expect(session('2026-03-06')!.open.toISOString()).toBe('2026-03-06T14:30:00.000Z');
    expect(session('2026-03-09')!.open.toISOString()).toBe('2026-03-09T13:30:00.000Z'); // DST began Sun Mar 8
    expect(session('2026-10-30')!.close.toISOString()).toBe('2026-10-30T20:00:00.000Z');
    expect(session('2026-11-02')!.close.toISOString()).toBe('2026-11-02T21:00:00.000Z'); // DST ended Sun Nov 1
    expect(session('2026-11-27')!.close.toISOString()).toBe('2026-11-27T18:00:00.000Z');
  });
  it('maps instants to New York dates', () => {
    expect(nyDate(at('2026-03-09T03:59:59Z'))).toBe('2026-03-08');
    expect(nyDate(at('2026-03-09T04:00:00Z'))).toBe('2026-03-09');
    expect(nyDate(at('2026-01-02T04:59:59Z'))).toBe('2026-01-01');
    expect(nyDate(at('2026-01-02T05:00:00Z'))).toBe('2026-01-02');
  });
  it('next open over the spring-forward weekend', () => {
    expect(nextOpen(at('2026-03-06T21:00:00Z')).toISOString()).toBe('2026-03-09T13:30:00.000Z');
  });
});

describe('open, next open and next close', () => {
  it('is open inside the session only (open inclusive, close exclusive)', () => {
    expect(isOpen(at('2026-06-01T13:29:59Z'))).toBe(false);
    expect(isOpen(at('2026-06-01T13:30:00Z'))).toBe(true);
    expect(isOpen(at('2026-06-01T19:59:59Z'))).toBe(true);
    expect(isOpen(at('2026-06-01T20:00:00Z'))).toBe(false);
    expect(isOpen(at('2026-06-06T15:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(at('2026-11-27T18:30:00Z'))).toBe(false); // after the 13:00 early close
  });
  it('skips weekends and holidays', () => {
    // Thursday before Good Friday 2026 (Apr 3), after the close → Monday Apr 6
    expect(nextOpen(at('2026-04-02T21:00:00Z')).toISOString()).toBe('2026-04-06T13:30:00.000Z');
    expect(nextClose(at('2026-04-02T21:00:00Z')).toISOString()).toBe('2026-04-06T20:00:00.000Z');
    // Friday evening before MLK day 2027 (Jan 18) → Tuesday Jan 19
    expect(nextOpen(at('2027-01-15T22:00:00Z')).toISOString()).toBe('2027-01-19T14:30:00.000Z');
    // New Year 2026: Wednesday Dec 31 → Friday Jan 2
    expect(nextOpen(at('2025-12-31T21:00:00Z')).toISOString()).toBe('2026-01-02T14:30:00.000Z');
  });
  it('next close is the running session while open; next open is strictly later', () => {
    const now = at('2026-06-01T15:00:00Z');
    expect(nextClose(now).toISOString()).toBe('2026-06-01T20:00:00.000Z');
    expect(nextOpen(now).toISOString()).toBe('2026-06-02T13:30:00.000Z');
    expect(nextOpen(at('2026-06-01T13:30:00Z')).toISOString()).toBe('2026-06-02T13:30:00.000Z');
    expect(nextOpen(at('2026-06-01T13:29:00Z')).toISOString()).toBe('2026-06-01T13:30:00.000Z');
    expect(nextClose(at('2026-11-27T15:00:00Z')).toISOString()).toBe('2026-11-27T18:00:00.000Z');
  });
  it('last completed session', () => {
    expect(lastCompletedSession(at('2026-06-01T15:00:00Z')).date).toBe('2026-05-29');
    expect(lastCompletedSession(at('2026-06-01T20:00:00Z')).date).toBe('2026-06-01');
    expect(lastCompletedSession(at('2026-05-25T15:00:00Z')).date).toBe('2026-05-22'); // Memorial Day
  });
});

describe('business days and settlement', () => {
  it('adds trading days over weekends and holidays', () => {
    expect(addBusinessDays('2026-04-02', 1)).toBe('2026-04-06'); // Good Friday
    expect(addBusinessDays('2026-12-24', 1)).toBe('2026-12-28');
    expect(addBusinessDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(addBusinessDays('2026-04-06', -1)).toBe('2026-04-02');
    expect(addBusinessDays('2026-06-06', 0)).toBe('2026-06-06');
  });
  it('settles equities and deposits T+1, withdrawals in three business days', () => {
    expect(settlementDate('2026-07-02')).toBe('2026-07-06');
    expect(settlementDate('2026-07-02', 'deposit')).toBe('2026-07-06');
    expect(settlementDate('2026-06-30', 'withdrawal')).toBe('2026-07-06'); // Jul 1, 2, (3 holiday) 6
  });
  it('lists trading days inclusive', () => {
    expect(tradingDays('2026-06-18', '2026-06-23')).toEqual(['2026-06-18', '2026-06-22', '2026-06-23']);
    expect(tradingDays('2026-06-20', '2026-06-21')).toEqual([]);
  });
  it('refuses malformed or out-of-range dates', () => {
    expect(() => isTradingDay('2026-6-1')).toThrow(RangeError);
    expect(() => isTradingDay('2300-01-02')).toThrow(RangeError);
  });
});
