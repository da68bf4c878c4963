// One live engine minute over 100,000 resting orders (jobs/order-engine.ts workOpenOrdersNow):
// the minute's quotes, the set-based pick of the orders they reach, and the fills of those.
// 100,000 resting limit buys far under the market spread over the 70 hand-tuned symbols, plus BENCH_ACTING
// (default 100) marketable ones that fill in the timed minute. `tsx bench/engine.ts` prints it.
import { nextTradingDayOnOrAfter, addCalendarDays, nyDate, nyInstant, addBusinessDays } from '../server/domain/calendar.ts';
import { workOpenOrdersNow } from '../server/jobs/order-engine.ts';
import { HAND_TUNED_SYMBOLS } from '../server/market/universe.ts';
import { benchCustomer, benchPgUrl, must, startBenchApp, timeMs, type Engine } from './harness.ts';

export interface EngineRow { engine: string; resting: number; acting: number; first_ms: number; idle_ms: number; fills: number }

const RESTING = Number(process.env.BENCH_RESTING_ORDERS ?? 100_000);
const ACTING = Number(process.env.BENCH_ACTING ?? 100);

export async function benchEngineMinute(engine: Engine, pgUrl: string): Promise<EngineRow> {
  const app = await startBenchApp(engine, pgUrl);
  try {
    const t = await app.tenant('engine');
    const day = nextTradingDayOnOrAfter(addCalendarDays(nyDate(new Date()), 7));
    await t.advance(nyInstant(day, '08:00'));
    const c = await benchCustomer(t, 1);
    await must(t.req('POST', '/v1/deposits', { account_id: c.account.id, bank_account_id: c.bank.id, amount: '1000000.00' }), 201, 'deposit');
    const next = addBusinessDays(day, 1);
    const minute = nyInstant(next, '10:00');
    await t.advance(minute);
    // The 70 symbols of the earlier runs, so the results compare across versions; the minute
    // quotes only symbols with open orders, whatever else is listed.
    const symbols = [...HAND_TUNED_SYMBOLS];
    // Resting: limit buys at $0.01 never act. Acting: limit buys at $100,000 fill at the ask.
    const insert = (n: number, price: string) => app.db.query(
      `INSERT INTO orders (tenant_id, id, account_id, symbol, side, type, time_in_force, quantity, limit_price, reserved,
         status, worked_at, submitted_at, created_at, updated_at)
       SELECT $1, gen_random_uuid(), $2, ($3::text[])[1 + i % array_length($3::text[], 1)], 'buy', 'limit', 'gtc', 0.01, $5::numeric, 0,
              'new', $6::timestamptz - interval '1 minute', $6, $6, $6
         FROM generate_series(1, $4::int) AS i`,
      [t.tenantId, c.account.id, symbols, n, price, minute]);
    await insert(RESTING, '0.01');
    await insert(ACTING, '100000.00');
    await app.db.query('ANALYZE orders');
    let fills = 0;
    const [first] = await timeMs(async () => { fills = await app.db.transaction((tx) => workOpenOrdersNow(tx, app.wiring.listeners, t.tenantId, minute)); }, 1);
    const idle = await timeMs(() => app.db.transaction((tx) => workOpenOrdersNow(tx, app.wiring.listeners, t.tenantId, new Date(minute.getTime() + 60_000))), 3);
    return { engine, resting: RESTING, acting: ACTING, first_ms: first!, idle_ms: Math.min(...idle), fills };
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pgUrl = benchPgUrl();
  for (const engine of (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',') as Engine[]) {
    console.log(await benchEngineMinute(engine, pgUrl));
  }
  process.exit(0);
}
