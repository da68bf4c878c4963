// Managed investing at scale, on PostgreSQL (bench/run.ts calls benchManaged(); `tsx bench/managed.ts`
// prints it): rebalancing N managed accounts (default 10,000), one tax-loss-harvesting scan over
// them, and the month-end statements of M accounts (default 1,000). Each figure is the wall time
// of the sandbox clock advance that does the work, called in process (no HTTP timeout).
//
// Setup is set-based SQL, not the API (10,000 customers through KYC would take longer than the
// measurement): one real customer opens an investment account through the API, then its account
// row is cloned N times, each clone funded with one settled $10,000 deposit journal (postings and
// balances as postJournal writes them) and put under management on the default moderate portfolio.
import { randomBytes } from 'node:crypto';
import { addCalendarDays, addMonths, nextTradingDayOnOrAfter, nyDate, nyInstant, previousTradingDayOnOrBefore } from '../server/domain/calendar.ts';
import { systemClock } from '../server/clock.ts';
import { advanceSandboxClock } from '../server/services/sandbox-clock.ts';
import { defaultPortfolioId } from '../server/services/portfolios.ts';
import { requestRebalance } from '../server/services/rebalancing.ts';
import type { Queryable } from '../server/db/db.ts';
import { DEFAULT_ASSET_CLASSES } from '../server/domain/capital-market.ts';
import { benchCustomer, benchPgUrl, cashAccount, must, startBenchApp, type BenchApp, type BenchTenant } from './harness.ts';

export interface ManagedRow { what: string; accounts: number; ms: number; detail: string }

const ACCOUNTS = Number(process.env.BENCH_MANAGED_ACCOUNTS ?? 10_000);
const STATEMENT_ACCOUNTS = Number(process.env.BENCH_STATEMENT_ACCOUNTS ?? 1_000);
const CASH = '10000.00';

const investment = {
  ...cashAccount, account_type: 'investment', annual_income: '$100,000 - $199,999', investment_objective: 'growth',
  investment_experience: 'limited', net_liquid_worth: '$25,000 - $99,999', net_total_worth: '$100,000 - $199,999',
  is_director: false, risk_tolerance: 'moderate',
};

/** Wall time of one in-process advance of the tenant's sandbox clock; answers what it processed. */
async function timedAdvance(app: BenchApp, t: BenchTenant, to: Date): Promise<{ ms: number; processed: Record<string, number> }> {
  const t0 = process.hrtime.bigint();
  const r = await app.db.transaction((tx) => advanceSandboxClock(tx, app.wiring.sources, t.tenantId, systemClock, to.toISOString()));
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, processed: r.processed as unknown as Record<string, number> };
}

/** `n` managed, funded clones of a real investment account opened through the API at `at`. */
async function managedAccounts(app: BenchApp, t: BenchTenant, n: number, at: Date): Promise<void> {
  const c = await benchCustomer(t, 1, investment);
  const portfolioId = await app.db.transaction((tx) => defaultPortfolioId(tx, t.tenantId, 'moderate'));
  const tag = randomBytes(2).readUInt16BE() % 900 + 100;
  await app.db.transaction(async (tx) => {
    await tx.query(
      `CREATE TEMP TABLE bench_accounts ON COMMIT DROP AS
         SELECT gen_random_uuid() AS id, i FROM generate_series(1, $1::int) AS i`, [n]);
    await tx.query(
      `INSERT INTO accounts
         SELECT (jsonb_populate_record(a, jsonb_build_object(
                  'id', b.id, 'account_number', 'FOBN' || $3::text || lpad(b.i::text, 7, '0'),
                  'managed', true, 'portfolio_id', $4::uuid))).*
           FROM accounts a, bench_accounts b WHERE a.tenant_id = $1 AND a.id = $2`,
      [t.tenantId, c.account.id, tag, portfolioId]);
    await tx.query(
      `INSERT INTO ledger_journals (tenant_id, id, account_id, kind, ref_type, ref_id, entry_type, entry_amount, description, created_at)
       SELECT $1::uuid, b.id, b.id, 'deposit_settle', 'deposit', NULL, 'deposit', $2::numeric, 'ACH deposit (benchmark setup)', $3 FROM bench_accounts b`,
      [t.tenantId, CASH, at]);
    await tx.query(
      `INSERT INTO ledger_postings (tenant_id, journal_id, account_id, book, asset, amount)
       SELECT $1::uuid, b.id, NULL, 'bank', 'USD', -$2::numeric FROM bench_accounts b
       UNION ALL SELECT $1::uuid, b.id, b.id, 'cash', 'USD', $2::numeric FROM bench_accounts b`, [t.tenantId, CASH]);
    await tx.query(
      `INSERT INTO ledger_balances (tenant_id, account_id, book, asset, amount)
       SELECT $1::uuid, b.id, 'cash', 'USD', $2::numeric FROM bench_accounts b`, [t.tenantId, CASH]);
  });
  await app.db.query('ANALYZE');
}

/** A 'settings' run requested for every managed account of the tenant, as turning management on does. */
async function rebalanceRequests(tx: Queryable, tenantId: string, now: Date): Promise<void> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM accounts WHERE tenant_id = $1 AND managed ORDER BY id', [tenantId]);
  for (const { id } of rows) await requestRebalance(tx, tenantId, id, 'settings', now);
}

export async function benchManaged(pgUrl: string): Promise<ManagedRow[]> {
  const rows: ManagedRow[] = [];
  const app = await startBenchApp('postgres', pgUrl);
  try {
    // Rebalancing: every account asks for a run ('settings', as turning management on does).
    const t = await app.tenant('managed');
    const day = nextTradingDayOnOrAfter(addCalendarDays(nyDate(new Date()), 7));
    await t.advance(nyInstant(day, '08:00'));
    await managedAccounts(app, t, ACCOUNTS, nyInstant(day, '08:00'));
    await app.db.transaction((tx) => rebalanceRequests(tx, t.tenantId, nyInstant(day, '08:00')));
    const reb = await timedAdvance(app, t, nyInstant(day, '09:31'));
    const runs = await app.db.query<{ n: string; orders: string }>(
      `SELECT count(*) AS n, coalesce(sum(cardinality(order_ids)), 0) AS orders FROM rebalances WHERE tenant_id = $1 AND started_at IS NOT NULL`, [t.tenantId]);
    rows.push({ what: `rebalancing ${ACCOUNTS.toLocaleString('en-US')} managed accounts (first runs: buys)`, accounts: ACCOUNTS, ms: reb.ms,
      detail: `${runs.rows[0]!.n} runs, ${runs.rows[0]!.orders} orders` });

    // Harvesting: the lots bought above, aged past the 30-day window (set-based, bench only) and
    // shocked 20% down, so the scan after the close finds a loss in every account.
    await app.db.query(`UPDATE tax_lots SET acquired_at = acquired_at - interval '45 days' WHERE tenant_id = $1`, [t.tenantId]);
    for (const cls of DEFAULT_ASSET_CLASSES) {
      await must(t.req('POST', '/v1/sandbox/market/shock', { symbol: cls.primary, change_percent: -20 }), 200, `shock ${cls.primary}`);
    }
    await timedAdvance(app, t, nyInstant(day, '16:01'));
    const scan = await timedAdvance(app, t, nyInstant(day, '18:00'));
    const harvests = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM harvests WHERE tenant_id = $1', [t.tenantId]);
    rows.push({ what: `tax-loss-harvesting scan over ${ACCOUNTS.toLocaleString('en-US')} accounts`, accounts: ACCOUNTS, ms: scan.ms,
      detail: `${harvests.rows[0]!.n} harvests recorded` });

    // Statements: a tenant of its own with M funded, rebalanced accounts; the month-end advance.
    const s = await app.tenant('statements');
    const last = previousTradingDayOnOrBefore(addCalendarDays(addMonths(`${day.slice(0, 7)}-01`, 1), -1));
    await s.advance(nyInstant(last, '08:00'));
    await managedAccounts(app, s, STATEMENT_ACCOUNTS, nyInstant(last, '08:00'));
    await app.db.transaction((tx) => rebalanceRequests(tx, s.tenantId, nyInstant(last, '08:00')));
    await timedAdvance(app, s, nyInstant(last, '20:00'));
    const monthEnd = nyInstant(addMonths(`${last.slice(0, 7)}-01`, 1), '00:00');
    const st = await timedAdvance(app, s, new Date(monthEnd.getTime() + 60 * 60_000));
    const made = await app.db.query<{ n: string; bytes: string }>(
      'SELECT count(*) AS n, coalesce(sum(octet_length(pdf)), 0) AS bytes FROM statements WHERE tenant_id = $1', [s.tenantId]);
    rows.push({ what: `month-end statements for ${STATEMENT_ACCOUNTS.toLocaleString('en-US')} accounts`, accounts: STATEMENT_ACCOUNTS, ms: st.ms,
      detail: `${made.rows[0]!.n} PDFs, ${(Number(made.rows[0]!.bytes) / 1024).toFixed(0)} KiB` });
  } finally {
    await app.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pgUrl = benchPgUrl();
  for (const r of await benchManaged(pgUrl)) console.log(r);
  process.exit(0);
}
