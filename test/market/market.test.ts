// Market data over HTTP on every engine: quotes, charts, stats, assets, the clock, the calendar
// and sandbox shocks. The tenant clock is frozen in the tenants row so answers are exact; every
// response is also checked against the contract by the harness.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { ShockSchedule } from '../../server/market/provider.ts';
import { buildQuote } from '../../server/market/quotes.ts';
import { SimulatedMarket } from '../../server/market/simulated.ts';
import { UNIVERSE } from '../../server/market/universe.ts';
import { tenantChanged } from '../../server/db/invalidation.ts';

const TUESDAY_MORNING = '2026-06-30T15:35:26.000Z'; // 11:35:26 in New York

describe.each(engines())('market data on %s', (engine) => {
  let app: TestApp;
  const freeze = async (at: string, tenantId = app.keys.tenantId) => {
    await app.db.query('UPDATE tenants SET clock_frozen_at = $1 WHERE id = $2', [new Date(at), tenantId]);
    await tenantChanged(app.db, tenantId);
  };

  beforeAll(async () => {
    app = await startTestApp({ engine });
    await freeze(TUESDAY_MORNING);
  });
  afterAll(() => app?.close());

  describe('clock and calendar', () => {
    it('tells whether the market is open, from the tenant clock', async () => {
      const open = await app.request('GET', '/v1/clock');
      expect(open.status).toBe(200);
      expect(open.body).toEqual({
        timestamp: TUESDAY_MORNING,
        is_open: true,
        next_open: '2026-07-01T13:30:00.000Z',
        next_close: '2026-06-30T20:00:00.000Z',
      });
      await freeze('2026-07-02T21:00:00Z'); // Thursday evening before the July 3 holiday
      const closed = await app.request('GET', '/v1/clock', { key: app.keys.publishable });
      expect(closed.body).toMatchObject({ is_open: false, next_open: '2026-07-06T13:30:00.000Z', next_close: '2026-07-06T20:00:00.000Z' });
      await freeze(TUESDAY_MORNING);
    });

    it('lists trading days with early closes and T+1 settlement', async () => {
      const r = await app.request('GET', '/v1/calendar?start=2026-11-24&end=2026-11-30', { key: app.keys.publishable });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        data: [
          { date: '2026-11-24', open: '09:30', close: '16:00', settlement_date: '2026-11-25' },
          { date: '2026-11-25', open: '09:30', close: '16:00', settlement_date: '2026-11-27' },
          { date: '2026-11-27', open: '09:30', close: '13:00', settlement_date: '2026-11-30' },
          { date: '2026-11-30', open: '09:30', close: '16:00', settlement_date: '2026-12-01' },
        ],
      });
    });

    it('defaults to the tenant’s today through 30 days later', async () => {
      const r = await app.request('GET', '/v1/calendar');
      expect(r.body.data[0].date).toBe('2026-06-30');
      expect(r.body.data.at(-1).date).toBe('2026-07-30');
      expect(r.body.data.map((d: { date: string }) => d.date)).not.toContain('2026-07-03');
    });

    it('refuses reversed, overlong and malformed ranges', async () => {
      expect((await app.request('GET', '/v1/calendar?start=2026-12-01&end=2026-11-01')).status).toBe(400);
      expect((await app.request('GET', '/v1/calendar?start=2026-01-01&end=2027-06-01')).status).toBe(400);
      expect((await app.request('GET', '/v1/calendar?start=2026-13-01')).status).toBe(400);
      expect((await app.request('GET', '/v1/calendar?start=2300-01-01&end=2300-01-05')).status).toBe(400);
    });
  });

  describe('quotes, charts and stats', () => {
    it('quotes a symbol as of the tenant clock, matching the provider', async () => {
      const r = await app.request('GET', '/v1/stocks/aapl', { key: app.keys.publishable });
      expect(r.status).toBe(200);
      const expected = buildQuote({ provider: new SimulatedMarket(), shocks: ShockSchedule.none }, 'AAPL', new Date(TUESDAY_MORNING));
      expect(r.body).toEqual(expected);
      expect(r.body).toMatchObject({ symbol: 'AAPL', calculation_price: 'tops', latest_time: '11:35:00 AM' });
    });

    it('quotes tickers with a dot', async () => {
      const r = await app.request('GET', '/v1/stocks/BRK.B');
      expect(r.status).toBe(200);
      expect(r.body.symbol).toBe('BRK.B');
    });

    it('answers 404 naming an unknown symbol', async () => {
      for (const path of ['/v1/stocks/ZZZZ', '/v1/stocks/ZZZZ/stats', '/v1/stocks/ZZZZ/chart', '/v1/stocks/ZZZZ/chart/1y']) {
        const r = await app.request('GET', path);
        expect(r.status, path).toBe(404);
        expect(r.body.error.message).toContain('ZZZZ');
      }
    });

    it('charts the default month, each range and the running day', async () => {
      const month = await app.request('GET', '/v1/stocks/AAPL/chart', { key: app.keys.publishable });
      expect(month.status).toBe(200);
      expect(month.body).toHaveLength(20);
      expect(month.body.at(-1).date).toBe('2026-06-29');
      expect((await app.request('GET', '/v1/stocks/AAPL/chart/1m')).body).toEqual(month.body);
      for (const range of ['5y', '2y', '1y', 'ytd', '6m', '3m']) {
        const r = await app.request('GET', `/v1/stocks/VTI/chart/${range}`);
        expect(r.status, range).toBe(200);
        expect(r.body.at(-1).date).toBe('2026-06-29');
      }
      const day = await app.request('GET', '/v1/stocks/AAPL/chart/1d');
      expect(day.body).toHaveLength(125);
      expect(day.body[0]).toMatchObject({ date: '20260630', minute: '09:30' });
    });

    it('refuses an unknown range with 400', async () => {
      const r = await app.request('GET', '/v1/stocks/AAPL/chart/10y');
      expect(r.status).toBe(400);
    });

    it('serves stats', async () => {
      const r = await app.request('GET', '/v1/stocks/MSFT/stats', { key: app.keys.publishable });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ symbol: 'MSFT', company_name: 'Microsoft Corporation', ttm_EPS: 14.1 });
      const etf = await app.request('GET', '/v1/stocks/VTI/stats');
      expect(etf.body.revenue).toBeNull();
    });
  });

  describe('assets', () => {
    it('pages through the whole universe by id', async () => {
      const seen: string[] = [];
      let path: string | null = '/v1/assets?limit=25&order=asc';
      while (path) {
        const r: { status: number; body: { data: { id: string; symbol: string }[]; pagination: { next_page: string | null } } } = await app.request('GET', path, { key: app.keys.publishable });
        expect(r.status).toBe(200);
        seen.push(...r.body.data.map((a) => a.symbol));
        path = r.body.pagination.next_page;
      }
      expect(seen.sort()).toEqual(UNIVERSE.map((e) => e.symbol).sort());
    });

    /** Every asset of a filtered listing, following next_page links. */
    const allAssets = async (first: string): Promise<Array<Record<string, any>>> => {
      const out: Array<Record<string, any>> = [];
      let path: string | null = first;
      while (path) {
        const r: { status: number; text: string; body: any } = await app.request('GET', path);
        expect(r.status, r.text).toBe(200);
        out.push(...r.body.data);
        path = r.body.pagination.next_page;
      }
      return out;
    };

    it('filters by type and echoes the filter', async () => {
      const first = await app.request('GET', '/v1/assets?type=etf&limit=100');
      expect(first.body.pagination.type).toBe('etf');
      const etfs = await allAssets('/v1/assets?type=etf&limit=100');
      expect(etfs.length).toBe(UNIVERSE.filter((e) => e.type === 'etf').length);
      expect(etfs.every((a) => a.type === 'etf' && a.sector === null && typeof a.category === 'string')).toBe(true);
      const vti = etfs.find((a) => a.symbol === 'VTI');
      expect(vti).toMatchObject({ name: 'Vanguard Total Stock Market ETF', exchange: 'ARCA', asset_class: 'us_equity', tradable: true, fractionable: true });
    });

    it('lists the S&P 500 and the popular ETFs with their names, exchanges, sectors and categories', async () => {
      const stocks = await allAssets('/v1/assets?type=stock&limit=100');
      expect(stocks.length).toBeGreaterThanOrEqual(500);
      expect(stocks.every((a) => typeof a.sector === 'string' && a.category === null && ['NYSE', 'NASDAQ', 'BATS'].includes(a.exchange))).toBe(true);
      const sectors = new Set(stocks.map((a) => a.sector));
      expect(sectors.size).toBe(11);
      const etfs = await allAssets('/v1/assets?asset_class=etf&limit=100');
      expect(etfs.length).toBeGreaterThanOrEqual(150);
      const bySymbol = new Map(etfs.map((a) => [a.symbol, a]));
      expect(bySymbol.get('VGT')).toMatchObject({ name: 'Vanguard Information Technology ETF', exchange: 'ARCA', category: 'Sector: Technology' });
      expect(bySymbol.get('VOO')).toMatchObject({ name: 'Vanguard S&P 500 ETF', exchange: 'ARCA', category: 'Large Blend' });
      expect(bySymbol.get('IVV')).toMatchObject({ name: 'iShares Core S&P 500 ETF', exchange: 'ARCA' });
      expect(bySymbol.get('GLD')).toMatchObject({ name: 'SPDR Gold Shares', exchange: 'ARCA', category: 'Commodities: Gold' });
      expect(bySymbol.get('TLT')).toMatchObject({ name: 'iShares 20+ Year Treasury Bond ETF', exchange: 'NASDAQ', category: 'Long Government Bond' });
      expect(bySymbol.get('ARKK')).toMatchObject({ name: 'ARK Innovation ETF', exchange: 'BATS' });
      // us_equity is every asset: stocks and funds are both US equities.
      const all = await allAssets('/v1/assets?asset_class=us_equity&limit=100');
      expect(all.length).toBe(stocks.length + etfs.length);
      const onlyStocks = await allAssets('/v1/assets?asset_class=us_equity&type=stock&limit=100');
      expect(onlyStocks.map((a) => a.symbol).sort()).toEqual(stocks.map((a) => a.symbol).sort());
      expect(await allAssets('/v1/assets?asset_class=etf&type=stock')).toEqual([]);
    });

    it('filters by a case-insensitive symbol prefix, combined with the other filters', async () => {
      const vg = await allAssets('/v1/assets?symbol=vg&limit=2');
      expect(vg.length).toBeGreaterThan(2);
      expect(vg.map((a) => a.symbol).sort()).toEqual(UNIVERSE.filter((e) => e.symbol.startsWith('VG')).map((e) => e.symbol).sort());
      const r = await app.request('GET', '/v1/assets?symbol=BRK');
      expect(r.body.pagination.symbol).toBe('BRK');
      expect(r.body.data.map((a: { symbol: string }) => a.symbol)).toEqual(['BRK.B']);
      expect((await allAssets('/v1/assets?symbol=BF.&type=stock')).map((a) => a.symbol)).toEqual(['BF.B']);
      expect(await allAssets('/v1/assets?symbol=BF&type=etf')).toEqual([]);
      for (const bad of ['/v1/assets?symbol=%25', '/v1/assets?symbol=1A', '/v1/assets?asset_class=crypto']) {
        const b = await app.request('GET', bad);
        expect(b.status, bad).toBe(400);
        expect(b.body.error.message, bad).toMatch(/symbol|asset_class/);
      }
    });

    it('quotes, charts and gives stats for newly listed symbols, class shares included, as the provider does', async () => {
      for (const symbol of ['VOO', 'GLD', 'ARKK', 'BF.B', 'GOOGL']) {
        const q = await app.request('GET', `/v1/stocks/${symbol.toLowerCase()}`, { key: app.keys.publishable });
        expect(q.status, q.text).toBe(200);
        expect(q.body).toEqual(buildQuote({ provider: new SimulatedMarket(), shocks: ShockSchedule.none }, symbol, new Date(TUESDAY_MORNING)));
        const chart = await app.request('GET', `/v1/stocks/${symbol}/chart/1m`);
        expect(chart.status, chart.text).toBe(200);
        expect(chart.body.length).toBeGreaterThan(15);
        const stats = await app.request('GET', `/v1/stocks/${symbol}/stats`);
        expect(stats.status, stats.text).toBe(200);
        expect(stats.body.company_name).toBe(UNIVERSE.find((e) => e.symbol === symbol)!.name);
      }
      const bf = await app.request('GET', '/v1/stocks/BF.B');
      expect(bf.body).toMatchObject({ symbol: 'BF.B', company_name: 'Brown-Forman Corporation Class B', primary_exchange: 'New York Stock Exchange', sector: 'Consumer Defensive' });
    });

    it('refuses an unknown cursor and an unknown type', async () => {
      expect((await app.request('GET', '/v1/assets?starting_after=01900000-0000-7000-8000-000000000000')).status).toBe(400);
      expect((await app.request('GET', '/v1/assets?type=bond')).status).toBe(400);
    });
  });

  describe('sandbox shock', () => {
    it('moves the price from now on, for this tenant only, and compounds', async () => {
      const other = await app.createTenant('other');
      await freeze(TUESDAY_MORNING, other.tenantId);
      const before = await app.request('GET', '/v1/stocks/VTI');
      const r = await app.request('POST', '/v1/sandbox/market/shock', { body: { symbol: 'vti', change_percent: -20 } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        symbol: 'VTI',
        change_percent: -20,
        previous_price: before.body.latest_price,
        price: Math.round(before.body.latest_price * 100 * 0.8) / 100,
        effective_at: '2026-06-30T15:35:00.000Z',
      });
      const after = await app.request('GET', '/v1/stocks/VTI');
      expect(after.body.latest_price).toBe(r.body.price);
      const untouched = await app.request('GET', '/v1/stocks/VTI', { key: other.secret });
      expect(untouched.body.latest_price).toBe(before.body.latest_price);

      const again = await app.request('POST', '/v1/sandbox/market/shock', { body: { symbol: 'VTI', change_percent: 10 } });
      expect(again.body.previous_price).toBe(r.body.price);
      expect(again.body.price).toBe(Math.round(r.body.price * 100 * 1.1) / 100);

      // Earlier bars keep their prices; the running minute carries the shock.
      const chart = await app.request('GET', '/v1/stocks/VTI/chart/1m');
      const otherChart = await app.request('GET', '/v1/stocks/VTI/chart/1m', { key: other.secret });
      expect(chart.body).toEqual(otherChart.body);
    });

    it('replays with the same Idempotency-Key', async () => {
      const headers = { 'Idempotency-Key': 'shock-aapl-1' };
      const first = await app.request('POST', '/v1/sandbox/market/shock', { body: { symbol: 'AAPL', change_percent: 5 }, headers });
      const second = await app.request('POST', '/v1/sandbox/market/shock', { body: { symbol: 'AAPL', change_percent: 5 }, headers });
      expect(second.status).toBe(200);
      expect(second.header('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
    });

    it('refuses an unknown symbol (400), an out-of-range change (400) and a publishable key (403)', async () => {
      expect((await app.request('POST', '/v1/sandbox/market/shock', { body: { symbol: 'ZZZZ', change_percent: 5 } })).status).toBe(400);
      expect((await app.request('POST', '/v1/sandbox/market/shock', { body: { symbol: 'VTI', change_percent: -100 } })).status).toBe(400);
      expect((await app.request('POST', '/v1/sandbox/market/shock', { body: { symbol: 'VTI', change_percent: 5 }, key: app.keys.publishable })).status).toBe(403);
    });
  });
});

describe('sandbox shock in production', () => {
  it('does not exist (404)', async () => {
    const app = await startTestApp({ engine: 'pglite', env: { FINOS_ENV: 'production', FINOS_TRUST_PROXY: 'true' } });
    try {
      const r = await app.request('POST', '/v1/sandbox/market/shock', {
        body: { symbol: 'VTI', change_percent: -20 }, headers: { 'X-Forwarded-Proto': 'https' },
      });
      expect(r.status).toBe(404);
      const quote = await app.request('GET', '/v1/stocks/VTI', { headers: { 'X-Forwarded-Proto': 'https' } });
      expect(quote.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
