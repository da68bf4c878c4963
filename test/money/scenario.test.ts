// A long random walk (seeded, so a failure replays): deposits, withdrawals and clock advances on
// two accounts, checking each answer against what the account can afford, then the ledger's
// invariants and that every balance agrees with the transfers' own statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../server/domain/money.ts';
import { rng } from '../../server/market/simulated.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { availableCash, customer, deposit, expectLedgerInvariants, mondayHolidayAfter, newTenant, ny, withdraw } from './support.ts';

const STEPS = 200;

const cents = (n: number) => new Decimal(n).div(100).toFixed(2);

describe.each(engines())('random money scenario on %s', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ engine });
  });
  afterAll(() => app?.close());

  it(`${STEPS} random steps keep the ledger balanced and never overdraw`, async () => {
    const seed = Number(process.env.FINOS_SCENARIO_SEED ?? 20261121);
    const rand = rng(seed);
    const t = await newTenant(app);
    let now = ny(mondayHolidayAfter(new Date()).friday, '08:00');
    await t.advance(now);
    const people = [await customer(t), await customer(t)];
    const returning = await t.req('POST', `/v1/users/${people[0]!.user.id}/bank_accounts`, {
      bank_account_number: '5550000', bank_routing_number: '121042882', bank_account_nickname: 'returns',
    });
    let ok = 0;
    let refused = 0;
    for (let step = 0; step < STEPS; step++) {
      const who = people[Math.floor(rand() * people.length)]!;
      const roll = rand();
      if (roll < 0.4) {
        const bank = who === people[0] && rand() < 0.15 ? returning.body.id : who.bank.id;
        const r = await deposit(t, who.account.id, bank, cents(1 + Math.floor(rand() * 50_000)));
        expect(r.status, `step ${step} (seed ${seed}): ${r.text}`).toBe(201);
      } else if (roll < 0.75) {
        const cash = new Decimal(await availableCash(t, who.account.id));
        const amount = cents(1 + Math.floor(rand() * cash.times(120).plus(100).toNumber())); // up to 1.2 × cash, in cents
        const r = await withdraw(t, who.account.id, who.bank.id, amount);
        const affordable = new Decimal(amount).lte(cash);
        expect(r.status, `step ${step} (seed ${seed}): ${amount} against ${cash}: ${r.text}`).toBe(affordable ? 201 : 402);
        if (affordable) ok++;
        else refused++;
      } else {
        now = new Date(now.getTime() + Math.floor(rand() * 4 * 24 * 3600 * 1000) + 60_000);
        await t.advance(now);
      }
    }
    expect(ok).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    await expectLedgerInvariants(app, t.tenantId);
    // Long enough for everything to settle.
    await t.advance(new Date(now.getTime() + 10 * 24 * 3600 * 1000));
    await expectLedgerInvariants(app, t.tenantId);
    for (const p of people) {
      const all = async (what: string) => {
        const out: Array<{ amount: string; status: string }> = [];
        let path: string | null = `/v1/${what}?account_id=${p.account.id}&limit=100`;
        while (path) {
          const page: { body: { data: typeof out; pagination: { next_page: string | null } } } = await t.req('GET', path);
          out.push(...page.body.data);
          path = page.body.pagination.next_page;
        }
        return out;
      };
      const deposits = await all('deposits');
      const withdrawals = await all('withdrawals');
      expect([...deposits, ...withdrawals].every((x) => x.status !== 'pending')).toBe(true);
      const sum = (xs: Array<{ amount: string }>) => xs.reduce((s, x) => s.plus(x.amount), new Decimal(0));
      const expected = sum(deposits.filter((d) => d.status === 'complete')).minus(sum(withdrawals));
      expect(await availableCash(t, p.account.id)).toBe(expected.toFixed(2));
      const { rows } = await app.db.query<{ book: string; amount: string }>(
        `SELECT book, amount FROM ledger_balances WHERE tenant_id = $1 AND account_id = $2 AND book IN ('cash_pending', 'cash_held')`,
        [t.tenantId, p.account.id]);
      for (const r of rows) expect(new Decimal(r.amount).isZero(), `${r.book} is ${r.amount}`).toBe(true);
    }
  }, 120_000);
});
