// The golden cases of server/market: quotes, charts, stats, quotes-at and bars for a spread of
// symbols, instants and shock schedules. Their digests were recorded from the unmemoized
// implementation (before any result caches existed), so a cache that returns anything but
// byte-identical results — a shocked tenant seeing unshocked numbers, a stale session — fails
// quotes-golden.test.ts. Regenerate only for a deliberate change to the simulation:
//   npx tsx test/market/golden.ts > test/market/quotes-golden.json
import { createHash } from 'node:crypto';
import { ShockSchedule } from '../../server/market/provider.ts';
import { buildChart, buildQuote, buildStats, CHART_RANGES } from '../../server/market/quotes.ts';
import type { SimulatedMarket } from '../../server/market/simulated.ts';

export const GOLDEN_SYMBOLS = ['AAPL', 'SPY', 'BRK.B', 'BND', 'TSLA'];

export const GOLDEN_INSTANTS = [
  new Date('2026-03-10T13:05:00Z'), // Tuesday 09:05 New York, before the open
  new Date('2026-03-10T13:30:00Z'), // the open itself
  new Date('2026-03-10T13:47:31Z'), // 17 minutes in (the delayed price not yet out)
  new Date('2026-03-10T18:37:12Z'), // mid-session
  new Date('2026-03-10T19:59:59.999Z'), // the last minute
  new Date('2026-03-10T23:05:00Z'), // after the close
  new Date('2026-03-14T16:00:00Z'), // Saturday
  new Date('2026-11-27T17:12:00Z'), // the day after Thanksgiving (13:00 close), in session
  new Date('2026-11-27T19:00:00Z'), // the same day after its early close
  new Date('2027-01-04T15:00:00Z'), // first session of a year
];

const at = (iso: string) => new Date(iso);
export const GOLDEN_SCHEDULES: [string, ShockSchedule][] = [
  ['none', ShockSchedule.none],
  [
    'shocked',
    new ShockSchedule([
      { symbol: 'AAPL', effective_at: at('2026-03-09T15:00:00Z'), change_percent: '-20' },
      { symbol: 'AAPL', effective_at: at('2026-03-10T17:00:00Z'), change_percent: '7.5' },
      { symbol: 'AAPL', effective_at: at('2026-03-10T22:00:00Z'), change_percent: '3.333' },
      { symbol: 'SPY', effective_at: at('2026-03-10T13:40:00Z'), change_percent: '-0.01' },
      { symbol: 'BRK.B', effective_at: at('2025-06-02T14:00:00Z'), change_percent: '12.5' },
      { symbol: 'TSLA', effective_at: at('2026-11-27T16:00:00Z'), change_percent: '-55.55555' },
      { symbol: 'TSLA', effective_at: at('2026-11-27T16:01:00Z'), change_percent: '150' },
      { symbol: 'MSFT', effective_at: at('2026-03-10T15:00:00Z'), change_percent: '-5' },
    ]),
  ],
];

const json = (x: unknown): string => JSON.stringify(x);
const digest = (x: unknown): string => createHash('sha256').update(json(x)).digest('hex').slice(0, 16);

/** case name → digest of its result, every case evaluated on `market` in the order given. */
export function goldenDigests(market: SimulatedMarket, order: 'forward' | 'reverse' = 'forward'): Record<string, string> {
  const cases: [string, () => unknown][] = [];
  for (const [name, shocks] of GOLDEN_SCHEDULES) {
    const v = { provider: market, shocks };
    for (const symbol of GOLDEN_SYMBOLS) {
      for (const now of GOLDEN_INSTANTS) {
        const tag = `${name}|${symbol}|${now.toISOString()}`;
        cases.push([`quote|${tag}`, () => buildQuote(v, symbol, now)]);
        cases.push([`quoteAt|${tag}`, () => market.quoteAt(symbol, now, shocks)]);
        cases.push([`stats|${tag}`, () => buildStats(v, symbol, now)]);
        for (const range of CHART_RANGES) cases.push([`chart-${range}|${tag}`, () => buildChart(v, symbol, range, now)]);
        cases.push([`daily|${tag}`, () => market.dailyBars(symbol, '2025-12-01', '2027-02-01', now, shocks)]);
        cases.push([`minutes|${tag}`, () => market.minuteBars(symbol, '2026-03-10', now, shocks)]);
        cases.push([`minutes-tg|${tag}`, () => market.minuteBars(symbol, '2026-11-27', now, shocks)]);
      }
    }
  }
  if (order === 'reverse') cases.reverse();
  const out: Record<string, string> = {};
  for (const [name, fn] of cases) out[name] = digest(fn());
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { SimulatedMarket } = await import('../../server/market/simulated.ts');
  console.log(JSON.stringify(goldenDigests(new SimulatedMarket()), null, 1));
}
