import { describe, expect, it } from 'vitest';
import { addCalendarDays, nextTradingDayOnOrAfter, session, tradingDays } from '../domain/calendar.ts';
import { ShockSchedule, UnknownSymbolError } from './provider.ts';
import { SimulatedMarket } from './simulated.ts';
import { ANCHOR_DATE, assetId, lookupSymbol, UNIVERSE } from './universe.ts';

const FAR_FUTURE = new Date('2031-01-01T00:00:00Z');
const SEED_ETFS = 'VTI SCHB ITOT SCHF VEA IXUS VWO IEMG SCHE VIG SCHD DVY VDE XLE VNQ IYR SCHH VTEB TFI MUB EMB PCY EMLC LQD VCIT SPIB'.split(' ');

describe('universe', () => {
  it('has at least 60 symbols, every seed asset-class ETF and the large US stocks', () => {
    expect(UNIVERSE.length).toBeGreaterThanOrEqual(60);
    for (const s of [...SEED_ETFS, 'AAPL', 'MSFT', 'GOOG', 'AMZN', 'META', 'NVDA']) expect(lookupSymbol(s), s).toBeDefined();
    for (const s of SEED_ETFS) expect(lookupSymbol(s)!.type).toBe('etf');
    expect(lookupSymbol('aapl')!.symbol).toBe('AAPL');
  });
  it('lists the S&P 500 and the most-traded ETFs, class shares included', () => {
    expect(UNIVERSE.filter((e) => e.type === 'stock').length).toBeGreaterThanOrEqual(500);
    expect(UNIVERSE.filter((e) => e.type === 'etf').length).toBeGreaterThanOrEqual(150);
    for (const s of ['VGT', 'VOO', 'IVV', 'GLD', 'TLT', 'ARKK']) expect(lookupSymbol(s)?.type, s).toBe('etf');
    for (const s of ['BRK.B', 'BF.B', 'GOOGL', 'JNJ', 'XYZ']) expect(lookupSymbol(s)?.type, s).toBe('stock');
  });
  it('has unique symbols and stable, unique UUID ids', () => {
    expect(new Set(UNIVERSE.map((e) => e.symbol)).size).toBe(UNIVERSE.length);
    const ids = UNIVERSE.map((e) => assetId(e.symbol));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Pinned: an asset id must never change (orders and positions refer to it).
    expect(assetId('AAPL')).toBe('34d586a6-264b-7de1-950e-66afad5dc9a8');
    expect(assetId('VTI')).toBe('dee58abe-8b54-7e0d-98b2-e5e784805d52');
  });
  it('has sane simulation inputs', () => {
    for (const e of UNIVERSE) {
      expect(e.base_price, e.symbol).toBeGreaterThan(1);
      expect(e.sigma).toBeGreaterThan(0);
      expect(e.sigma).toBeLessThan(1);
      expect(Math.abs(e.rho)).toBeLessThanOrEqual(1);
      expect(e.shares_outstanding).toBeGreaterThan(0);
      expect(e.pay_months.every((m) => m >= 1 && m <= 12)).toBe(true);
      expect(e.type === 'etf' ? e.fundamentals === null && e.eps_ttm === null : e.fundamentals !== null).toBe(true);
    }
  });
});

describe('determinism', () => {
  it('pins a few bars (any change to the generator or a platform difference shows here)', () => {
    const m = new SimulatedMarket();
    expect(m.dailyBars('AAPL', '2026-06-30', '2026-06-30', FAR_FUTURE)[0]).toEqual({
      date: '2026-06-30', open_cents: 29891, high_cents: 30535, low_cents: 29654, close_cents: 30251, volume: 34547576,
    });
    expect(m.dailyBars('VTI', '2021-03-15', '2021-03-15', FAR_FUTURE)[0]).toEqual({
      date: '2021-03-15', open_cents: 17386, high_cents: 17444, low_cents: 17138, close_cents: 17159, volume: 4782328,
    });
    expect(m.minuteBars('AAPL', '2026-06-30', FAR_FUTURE)[100]).toMatchObject({ minute: '11:10', open_cents: 29954, close_cents: 29958 });
  });

  it('gives the same bars whatever was asked before, across instances', () => {
    const a = new SimulatedMarket();
    const b = new SimulatedMarket();
    a.dailyBars('MSFT', '2029-01-01', '2029-03-01', FAR_FUTURE); // a walks forward first
    const fromA = a.dailyBars('MSFT', '2021-01-01', '2021-03-01', FAR_FUTURE);
    const fromB = b.dailyBars('MSFT', '2021-01-01', '2021-03-01', FAR_FUTURE);
    expect(fromA).toEqual(fromB);
    expect(a.dailyBars('MSFT', '2029-01-01', '2029-03-01', FAR_FUTURE)).toEqual(b.dailyBars('MSFT', '2029-01-01', '2029-03-01', FAR_FUTURE));
    expect(a.minuteBars('MSFT', '2021-02-01', FAR_FUTURE)).toEqual(b.minuteBars('MSFT', '2021-02-01', FAR_FUTURE));
  });

  it('a bar never depends on when it is asked (asOf only hides bars)', () => {
    const m = new SimulatedMarket();
    const early = m.dailyBars('NVDA', '2026-01-01', '2026-03-31', new Date('2026-03-31T21:00:00Z'));
    const late = m.dailyBars('NVDA', '2026-01-01', '2026-03-31', FAR_FUTURE);
    expect(early).toEqual(late);
  });

  it('closes at the base price on the anchor date', () => {
    const m = new SimulatedMarket();
    for (const e of UNIVERSE) {
      expect(m.dailyBars(e.symbol, ANCHOR_DATE, ANCHOR_DATE, FAR_FUTURE)[0]!.close_cents).toBe(Math.round(e.base_price * 100));
    }
  });

  it('rejects unknown symbols', () => {
    const m = new SimulatedMarket();
    expect(() => m.quoteAt('NOPE', FAR_FUTURE)).toThrow(UnknownSymbolError);
    expect(() => m.dailyBars('NOPE', '2026-01-01', '2026-01-31', FAR_FUTURE)).toThrow(UnknownSymbolError);
  });
});

describe('daily and minute bars agree', () => {
  const m = new SimulatedMarket();
  const days = ['2026-06-30', '2026-11-27', '2027-03-15', '2021-07-02', '2026-12-24'];
  for (const symbol of ['AAPL', 'TFI', 'PCY', 'TSLA']) {
    for (const date of days) {
      it(`${symbol} ${date}`, () => {
        const day = m.dailyBars(symbol, date, date, FAR_FUTURE)[0]!;
        const minutes = m.minuteBars(symbol, date, FAR_FUTURE);
        expect(minutes).toHaveLength(session(date)!.early_close ? 210 : 390);
        expect(minutes[0]!.minute).toBe('09:30');
        expect(minutes[0]!.open_cents).toBe(day.open_cents);
        expect(minutes.at(-1)!.close_cents).toBe(day.close_cents);
        expect(Math.max(...minutes.map((x) => x.high_cents))).toBe(day.high_cents);
        expect(Math.min(...minutes.map((x) => x.low_cents))).toBe(day.low_cents);
        expect(minutes.reduce((s, x) => s + x.volume, 0)).toBe(day.volume);
        for (let i = 0; i < minutes.length; i++) {
          const x = minutes[i]!;
          expect(x.low_cents).toBeGreaterThanOrEqual(day.low_cents);
          expect(x.high_cents).toBeLessThanOrEqual(day.high_cents);
          expect(x.low_cents).toBeLessThanOrEqual(Math.min(x.open_cents, x.close_cents));
          expect(x.high_cents).toBeGreaterThanOrEqual(Math.max(x.open_cents, x.close_cents));
          if (i > 0) expect(x.open_cents).toBe(minutes[i - 1]!.close_cents);
          expect(x.iex_volume).toBeLessThanOrEqual(x.volume);
        }
      });
    }
  }

  it('daily bars are consistent and priced in whole cents', () => {
    for (const b of m.dailyBars('AMZN', '2021-01-01', '2030-12-31', FAR_FUTURE)) {
      expect(Number.isInteger(b.close_cents) && b.low_cents >= 1).toBe(true);
      expect(b.low_cents).toBeLessThanOrEqual(Math.min(b.open_cents, b.close_cents));
      expect(b.high_cents).toBeGreaterThanOrEqual(Math.max(b.open_cents, b.close_cents));
    }
    expect(m.dailyBars('AMZN', '2026-01-01', '2026-12-31', FAR_FUTURE).map((b) => b.date)).toEqual(tradingDays('2026-01-01', '2026-12-31'));
  });
});

describe('as of an instant', () => {
  const m = new SimulatedMarket();
  it('shows only completed minutes and sessions', () => {
    const at = new Date('2026-06-30T15:35:26Z'); // 11:35:26 New York
    const minutes = m.minuteBars('AAPL', '2026-06-30', at);
    expect(minutes).toHaveLength(125);
    expect(minutes.at(-1)!.minute).toBe('11:34');
    expect(m.dailyBars('AAPL', '2026-06-01', '2026-06-30', at).at(-1)!.date).toBe('2026-06-29');
    expect(m.minuteBars('AAPL', '2026-07-01', at)).toEqual([]);
  });
  it('quotes the running minute’s opening print, with a spread around it', () => {
    const at = new Date('2026-06-30T15:35:26Z');
    const q = m.quoteAt('AAPL', at);
    const minutes = m.minuteBars('AAPL', '2026-06-30', FAR_FUTURE);
    expect(q.in_session).toBe(true);
    expect(q.price_time.toISOString()).toBe('2026-06-30T15:35:00.000Z');
    expect(q.price_cents).toBe(minutes[125]!.open_cents);
    expect(q.price_cents).toBe(minutes[124]!.close_cents);
    expect(q.bid_cents).toBeLessThan(q.price_cents);
    expect(q.ask_cents).toBeGreaterThan(q.price_cents);
    expect(q.price.toFixed(2)).toBe((q.price_cents / 100).toFixed(2));
    expect(q.bid_size % 100).toBe(0);
  });
  it('quotes the last close outside the session', () => {
    const close = m.dailyBars('AAPL', '2026-07-02', '2026-07-02', FAR_FUTURE)[0]!;
    for (const at of ['2026-07-02T20:00:00Z', '2026-07-03T15:00:00Z', '2026-07-06T13:29:59Z']) {
      const q = m.quoteAt('AAPL', new Date(at));
      expect(q.in_session).toBe(false);
      expect(q.session_date).toBe('2026-07-02');
      expect(q.price_cents).toBe(close.close_cents);
    }
    expect(m.quoteAt('AAPL', new Date('2026-07-06T13:30:00Z')).session_date).toBe('2026-07-06');
  });
  it('quotes a hundred symbols at every minute of a session, as the order engine asks for them', () => {
    const fresh = new SimulatedMarket();
    const open = session('2026-09-15')!.open.getTime();
    for (let i = 0; i < 390; i++) {
      for (const e of UNIVERSE.slice(0, 100)) {
        const q = fresh.quoteAt(e.symbol, new Date(open + i * 60_000));
        expect(q.in_session).toBe(true);
        expect(q.session_date).toBe('2026-09-15');
        expect(q.price_cents).toBeGreaterThan(0);
      }
    }
  });
});

describe('shocks', () => {
  const m = new SimulatedMarket();
  const at = new Date('2026-06-30T15:35:00Z');
  const shocks = new ShockSchedule([{ symbol: 'AAPL', effective_at: at, change_percent: '-20' }]);

  it('scale prices from effective_at on, rounding to the cent', () => {
    const before = m.quoteAt('AAPL', new Date(at.getTime() - 1), shocks);
    expect(before.price_cents).toBe(m.quoteAt('AAPL', new Date(at.getTime() - 1)).price_cents);
    const raw = m.quoteAt('AAPL', at).price_cents;
    expect(m.quoteAt('AAPL', at, shocks).price_cents).toBe(Math.round(raw * 0.8));
    expect(m.quoteAt('MSFT', at, shocks).price_cents).toBe(m.quoteAt('MSFT', at).price_cents);
  });
  it('leave earlier bars alone and scale later ones', () => {
    const rawMinutes = m.minuteBars('AAPL', '2026-06-30', FAR_FUTURE);
    const minutes = m.minuteBars('AAPL', '2026-06-30', FAR_FUTURE, shocks);
    expect(minutes[124]).toEqual(rawMinutes[124]);
    expect(minutes[125]!.open_cents).toBe(Math.round(rawMinutes[125]!.open_cents * 0.8));
    const day = m.dailyBars('AAPL', '2026-06-30', '2026-06-30', FAR_FUTURE, shocks)[0]!;
    expect(day.open_cents).toBe(rawMinutes[0]!.open_cents);
    expect(day.close_cents).toBe(Math.round(rawMinutes.at(-1)!.close_cents * 0.8));
    expect(day.high_cents).toBe(Math.max(...minutes.map((x) => x.high_cents)));
    expect(day.low_cents).toBe(Math.min(...minutes.map((x) => x.low_cents)));
    const next = m.dailyBars('AAPL', '2026-07-01', '2026-07-01', FAR_FUTURE, shocks)[0]!;
    const rawNext = m.dailyBars('AAPL', '2026-07-01', '2026-07-01', FAR_FUTURE)[0]!;
    expect(next.close_cents).toBe(Math.round(rawNext.close_cents * 0.8));
    expect(m.dailyBars('AAPL', '2026-06-29', '2026-06-29', FAR_FUTURE, shocks)).toEqual(m.dailyBars('AAPL', '2026-06-29', '2026-06-29', FAR_FUTURE));
  });
  it('compound, one rounding per shock', () => {
    const later = new Date('2026-07-01T14:00:00Z');
    const two = new ShockSchedule([
      { symbol: 'AAPL', effective_at: at, change_percent: '-20' },
      { symbol: 'AAPL', effective_at: later, change_percent: '10.5' },
    ]);
    const raw = m.quoteAt('AAPL', later).price_cents;
    expect(two.apply('AAPL', raw, later)).toBe(Math.round(Math.round(raw * 0.8) * 1.105));
    expect(m.quoteAt('AAPL', later, two).price_cents).toBe(Math.round(Math.round(raw * 0.8) * 1.105));
  });
  it('after the close move the quote at once and the next session opens shocked', () => {
    const evening = new Date('2026-06-30T22:00:00Z');
    const s = new ShockSchedule([{ symbol: 'VTI', effective_at: evening, change_percent: '-10' }]);
    const close = m.dailyBars('VTI', '2026-06-30', '2026-06-30', FAR_FUTURE, s)[0]!;
    expect(close).toEqual(m.dailyBars('VTI', '2026-06-30', '2026-06-30', FAR_FUTURE)[0]);
    expect(m.quoteAt('VTI', evening, s).price_cents).toBe(Math.round(close.close_cents * 0.9));
    const next = m.dailyBars('VTI', '2026-07-01', '2026-07-01', FAR_FUTURE, s)[0]!;
    expect(next.open_cents).toBe(Math.round(m.dailyBars('VTI', '2026-07-01', '2026-07-01', FAR_FUTURE)[0]!.open_cents * 0.9));
  });
});

describe('memo caches', () => {
  it('stay bounded however many symbols, days and schedules are asked for', () => {
    const m = new SimulatedMarket();
    let day = '2024-01-02';
    for (let d = 0; d < 300; d++) {
      const s = session(day)!;
      const shocks = new ShockSchedule([{ symbol: 'AAPL', effective_at: new Date(s.open.getTime() + 60 * 60_000), change_percent: String(d % 7) }]);
      const now = new Date(s.open.getTime() + 3 * 3_600_000 + d * 1_000);
      m.minuteBars('AAPL', day, s.close, shocks);
      m.minuteBars(UNIVERSE[d % UNIVERSE.length]!.symbol, day, now);
      m.dailyBars('AAPL', '2023-01-01', day, now, shocks);
      for (let i = 0; i < 80; i++) m.quoteAt(UNIVERSE[i % UNIVERSE.length]!.symbol, new Date(s.open.getTime() + i * 60_000), shocks);
      day = nextTradingDayOnOrAfter(addCalendarDays(day, 1));
    }
    const sizes = m.cacheSizes();
    expect(sizes.sessionMinutes).toBeLessThanOrEqual(256);
    expect(sizes.shockedSessions).toBeLessThanOrEqual(64);
    expect(sizes.books).toBeLessThanOrEqual(20_000);
    expect(sizes.books).toBeGreaterThan(10_000); // the book memo is in use (300 days × 80 minutes asked)
    expect(sizes.ranges).toBeLessThanOrEqual(1_024);
    expect(sizes.rangeBars).toBeLessThanOrEqual(500_000);
    expect(sizes.paths).toBeLessThanOrEqual(2_000);
    expect(sizes.spans).toBeLessThanOrEqual(10_000);
    expect(sizes.shockKeys).toBeLessThanOrEqual(10_000);
    expect(sizes.shockedDays).toBeLessThanOrEqual(50_000);
  });

  it('hands out frozen bars and fresh arrays, so no caller can corrupt the memo', () => {
    const m = new SimulatedMarket();
    const minutes = m.minuteBars('AAPL', '2026-06-30', FAR_FUTURE);
    expect(() => {
      (minutes[0] as { open_cents: number }).open_cents = 1;
    }).toThrow(TypeError);
    minutes.length = 0;
    expect(m.minuteBars('AAPL', '2026-06-30', FAR_FUTURE)).toHaveLength(390);
    const days = m.dailyBars('AAPL', '2026-06-01', '2026-06-30', FAR_FUTURE);
    expect(() => {
      (days[0] as { close_cents: number }).close_cents = 1;
    }).toThrow(TypeError);
    days.pop();
    expect(m.dailyBars('AAPL', '2026-06-01', '2026-06-30', FAR_FUTURE)).toHaveLength(days.length + 1);
  });
});
