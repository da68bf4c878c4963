// Monthly statements over HTTP with the sandbox clock: generated after month end for an account
// that traded (and not for one that did nothing), statement.created, listing with the API reference's
// defaults, signed PDF links that work without a key, refuse tampering and expire after 30
// minutes of real time, the PDF's text (pdftotext) against the API's own figures, and
// generation that runs once per month however often the clock moves.
import { spawnSync } from 'node:child_process';
import { TZDate } from '@date-fns/tz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, addMonths, isEarlyClose, isTradingDay, nyDate, previousTradingDayOnOrBefore, weekday } from '../../server/domain/calendar.ts';
import { Decimal } from '../../server/domain/money.ts';
import { signStatementLink, statementLinkKey } from '../../server/security/signed-urls.ts';
import { contract } from '../helpers/contract.ts';
import { engines, startTestApp, type TestApp } from '../helpers/app.ts';
import { expectError } from '../identity/support.ts';
import { customer, deposit, newTenant, ny, type Tenant } from '../money/support.ts';
import { expectSoundBooks } from '../helpers/books.ts';

const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

/** A Monday-to-Thursday of full trading days inside one month, at least 10 days out, and that month. */
function tradingWeek(now = new Date()) {
  for (let d = addCalendarDays(nyDate(now), 10); ; d = addCalendarDays(d, 1)) {
    if (weekday(d) !== 1) continue;
    const [mon, tue, wed, thu] = [0, 1, 2, 3].map((i) => addCalendarDays(d, i)) as [string, string, string, string];
    if (![mon, tue, wed, thu].every((x) => isTradingDay(x) && !isEarlyClose(x)) || thu.slice(0, 7) !== mon.slice(0, 7)) continue;
    const month = `${mon.slice(0, 7)}-01`;
    return { mon, tue, wed, thu, month, monthEnd: addCalendarDays(addMonths(month, 1), -1), next: addMonths(month, 1) };
  }
}

/** "$12,345.60" from the API's decimal string, by string manipulation only (no floats). */
function usd(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole, cents = '00'] = amount.replace('-', '').split('.') as [string, string?];
  return `${negative ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents.padEnd(2, '0')}`;
}

const money = (d: Decimal) => d.toFixed(2);
/** 00:00 New York time on a date (EDT or EST as that midnight has it). */
const midnight = (d: string) => new Date(new TZDate(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10), 0, 0, 0, 'America/New_York').getTime());
/** "October 1, 2026" from 2026-10-01. */
const longMonth = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** GETs a statement link without a key; the body as bytes, and checked against the contract. */
async function download(url: string) {
  const res = await fetch(url, { headers: { accept: 'application/pdf, application/json' } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type');
  const body = type?.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes.toString('latin1');
  const problems = contract().check('GET', new URL(url).pathname, res.status, type, body);
  expect(problems, problems.join('\n')).toEqual([]);
  return { status: res.status, headers: res.headers, bytes, body };
}

function pdfText(pdf: Buffer): string {
  const r = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8');
}

describe.each(engines())('statements on %s', (engine) => {
  let app: TestApp;
  /** Added to the real time the app sees (links expire in real time). */
  let realSkewMs = 0;
  const week = tradingWeek();
  // One scenario shared by the tests below, which read what it made; only the last one moves its clock on.
  let t: Tenant;
  let account: { id: string; account_number: string };
  let owner: string;
  let idle: { id: string };
  let advanced: { body: { processed: Record<string, number> } };
  let closing: { cash: string; marketValue: string; gain: string; basis: string };

  beforeAll(async () => {
    app = await startTestApp({ engine, realClock: { now: () => new Date(Date.now() + realSkewMs) } });
    t = await newTenant(app);
    await t.advance(ny(week.mon, '08:00'));
    const c = await customer(t);
    account = c.account;
    owner = `${c.user.first_name} ${c.user.last_name}`;
    idle = (await customer(t, '4327843044')).account;
    expect((await deposit(t, account.id, c.bank.id, '10000.00')).status).toBe(201);
    // The deposit settles Tuesday 09:30; buy 3 AAPL at 10:00, sell 1 on Wednesday; it settles Thursday.
    await t.advance(ny(week.tue, '10:00'));
    const buy = await t.req('POST', '/v1/orders', { account_id: account.id, symbol: 'AAPL', quantity: '3', side: 'buy', type: 'market' });
    expect(buy.body.status, buy.text).toBe('filled');
    await t.advance(ny(week.wed, '11:00'));
    const sell = await t.req('POST', '/v1/orders', { account_id: account.id, symbol: 'AAPL', quantity: '1', side: 'sell', type: 'market' });
    expect(sell.body.status, sell.text).toBe('filled');
    advanced = await t.advance(ny(week.next, '08:00'));

    // The API's own figures at the month's end (08:00 on the 1st: nothing has happened since midnight).
    const a = (await t.req('GET', `/v1/accounts/${account.id}`)).body;
    const tx = (await t.req('GET', `/v1/accounts/${account.id}/transactions?order=asc`)).body.data as Array<{ amount: string; side: string | null }>;
    const pos = (await t.req('GET', `/v1/accounts/${account.id}/positions`)).body.data[0];
    const cost = new Decimal(tx.find((x) => x.side === 'buy')!.amount).neg();
    const proceeds = new Decimal(tx.find((x) => x.side === 'sell')!.amount);
    closing = {
      cash: a.available_cash,
      marketValue: a.portfolio_market_value,
      basis: pos.cost_basis,
      // Realized = proceeds − the basis the sale took out of the lot.
      gain: money(proceeds.minus(cost.minus(pos.cost_basis))),
    };
  });
  afterAll(() => app?.close());

  it('generates one statement after month end for the account that traded, none for the idle account, with statement.created', async () => {
    expect(advanced.body.processed.statements).toBe(1);
    const list = await t.req('GET', `/v1/statements?account_id=${account.id}`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const s = list.body.data[0];
    expect(s).toMatchObject({ account_id: account.id, period_start: week.month, period_end: week.monthEnd, created_at: midnight(week.next).toISOString() });
    expect(s.url).toMatch(new RegExp(`^${app.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/v1/statements/${s.id}/pdf\\?expires=\\d+&signature=[0-9a-f]{64}$`));

    expect((await t.req('GET', `/v1/statements?account_id=${idle.id}`)).body.data).toEqual([]);

    const events = (await t.req('GET', '/v1/events?type=statement.created')).body.data;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'statement.created', created_at: s.created_at, data: { previous_status: null } });
    expect(events[0].data.object).toMatchObject({ id: s.id, account_id: account.id, period_start: week.month, period_end: week.monthEnd });
    // The payload's link was signed by this app at generation and still works.
    const fromEvent = await download(events[0].data.object.url);
    expect(fromEvent.status).toBe(200);
    await expectSoundBooks(app, t.tenantId);
  });

  it('serves the PDF behind the signed link without an API key', async () => {
    const s = (await t.req('GET', `/v1/statements?account_id=${account.id}`)).body.data[0];
    const before = Date.now();
    const one = await t.req('GET', `/v1/statements/${s.id}`);
    const after = Date.now();
    expect(one.status, one.text).toBe(200);
    expect(one.body.id).toBe(s.id);
    // 30 minutes after the real time it was issued, in whole seconds.
    const expiresMs = Date.parse(one.body.url_expires_at);
    expect(expiresMs).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 30 * 60_000);
    expect(expiresMs).toBeLessThanOrEqual(after + 30 * 60_000);
    expect(new URL(one.body.url).searchParams.get('expires')).toBe(String(Date.parse(one.body.url_expires_at) / 1000));

    const pdf = await download(one.body.url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="statement-${week.month.slice(0, 7)}.pdf"`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it.skipIf(!hasPdftotext)('the PDF shows the account number, owner, period and the closing figures the API reports', async () => {
    const s = (await t.req('GET', `/v1/statements?account_id=${account.id}`)).body.data[0];
    const text = pdfText((await download((await t.req('GET', `/v1/statements/${s.id}`)).body.url)).bytes);
    expect(text).toContain('Finos');
    expect(text).toContain(account.account_number);
    expect(text).toContain(owner);
    expect(text).toContain(`${longMonth(week.month)} to ${longMonth(week.monthEnd)}`);
    // Opening cash 0 (the account was opened this month), closing cash = available cash at the end.
    expect(text).toMatch(new RegExp(`Cash\\s+\\$0\\.00\\s+${usd(closing.cash).replace(/[$.]/g, '\\$&')}`));
    expect(text).toMatch(new RegExp(`Market value of holdings\\s+\\$0\\.00\\s+${usd(closing.marketValue).replace(/[$.]/g, '\\$&')}`));
    expect(text).toContain(usd(money(new Decimal(closing.cash).plus(closing.marketValue))));
    expect(text).toMatch(/Bought 3 AAPL at \d+\.\d{2}/);
    expect(text).toMatch(/Sold 1 AAPL at \d+\.\d{2}/);
    // Holdings: 2 AAPL at the basis the API reports; the sale's gain is short term.
    expect(text).toMatch(new RegExp(`AAPL\\s+2\\s+\\$[\\d,.]+\\s+${usd(closing.marketValue).replace(/[$.]/g, '\\$&')}\\s+${usd(closing.basis).replace(/[$.]/g, '\\$&')}`));
    expect(text).toMatch(new RegExp(`Short term \\(held one year or less\\)\\s+${usd(closing.gain).replace(/[$.]/g, '\\$&')}`));
    expect(text).toMatch(/Long term \(held more than one year\)\s+\$0\.00/);
  });

  it('refuses an altered link with a JSON 403, and answers 404 only once the signature checks out', async () => {
    const s = (await t.req('GET', `/v1/statements?account_id=${account.id}`)).body.data[0];
    const url = new URL(s.url);
    const sig = url.searchParams.get('signature')!;
    const flipped = new URL(url);
    flipped.searchParams.set('signature', sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0'));
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    for (const bad of [flipped, later]) {
      const r = await download(bad.toString());
      expect(r.status).toBe(403);
      expect(r.body.error.type).toBe('authentication_error');
    }
    const flippedRes = await app.request('GET', flipped.pathname + flipped.search, { key: null });
    expectError(flippedRes, 403, 'signature');
    expectError(await app.request('GET', later.pathname + later.search, { key: null }), 403, 'signature');
    // A key does not stand in for the signature.
    expectError(await app.request('GET', `${url.pathname}?expires=${url.searchParams.get('expires')}&signature=${'0'.repeat(64)}`), 403, 'signature');
    expect((await app.request('GET', `${url.pathname}?expires=${url.searchParams.get('expires')}`, { key: null })).status).toBe(400);

    // An id that does not exist: 403 with a made-up signature, 404 with a correctly signed one.
    const ghost = '0192f0c5-201d-7c3e-9d41-5b6a7c8d001d';
    const expires = Number(url.searchParams.get('expires'));
    expectError(await app.request('GET', `/v1/statements/${ghost}/pdf?expires=${expires}&signature=${sig}`, { key: null }), 403);
    const signed = signStatementLink(statementLinkKey(app.config.masterKey), ghost, expires);
    expectError(await app.request('GET', `/v1/statements/${ghost}/pdf?expires=${expires}&signature=${signed}`, { key: null }), 404);
  });

  it('a link works for 30 minutes of real time, then answers 403 (also in the sandbox, whose clock is frozen)', async () => {
    const s = (await t.req('GET', `/v1/statements?account_id=${account.id}`)).body.data[0];
    const expiresMs = Date.parse(s.url_expires_at);
    try {
      realSkewMs = expiresMs - 60_000 - Date.now();
      expect((await download(s.url)).status).toBe(200);
      realSkewMs = expiresMs + 1_000 - Date.now();
      const r = await download(s.url);
      expect(r.status).toBe(403);
      expect(r.body.error.type).toBe('authentication_error');
      expect(r.body.error.message).toContain('expires');
      // A fresh retrieve gives a new link that works again.
      const fresh = (await t.req('GET', `/v1/statements/${s.id}`)).body;
      expect(fresh.url).not.toBe(s.url);
      expect((await download(fresh.url)).status).toBe(200);
    } finally {
      realSkewMs = 0;
    }
  });

  it('lists with the defaults echoed (today − 90 days to the end of this month), filters by overlap, and checks its inputs', async () => {
    const today = week.next; // the tenant clock stands on the 1st of the next month
    const list = await t.req('GET', `/v1/statements?account_id=${account.id}`);
    expect(list.body.pagination).toMatchObject({
      account_id: account.id, start_date: addCalendarDays(today, -90), end_date: addCalendarDays(addMonths(today, 1), -1), order: 'desc',
    });
    expect((await t.req('GET', `/v1/statements?account_id=${account.id}&start_date=${week.monthEnd}&end_date=${week.monthEnd}`)).body.data).toHaveLength(1);
    expect((await t.req('GET', `/v1/statements?account_id=${account.id}&start_date=${week.next}`)).body.data).toHaveLength(0);
    expect((await t.req('GET', `/v1/statements?account_id=${account.id}&end_date=${addCalendarDays(week.month, -1)}&start_date=${addCalendarDays(week.month, -40)}`)).body.data).toHaveLength(0);

    const backwards = await t.req('GET', `/v1/statements?account_id=${account.id}&start_date=${week.next}&end_date=${week.month}`);
    expectError(backwards, 400, 'end_date');
    expect(backwards.body.error.field).toBe('end_date');
    expectError(await t.req('GET', '/v1/statements?account_id=0192f0c5-201d-7c3e-9d41-5b6a7c8d001d'), 404, 'account');
    expect((await t.req('GET', '/v1/statements')).status).toBe(400);

    // Another tenant sees neither the account nor the statement.
    const other = await newTenant(app);
    expectError(await other.req('GET', `/v1/statements?account_id=${account.id}`), 404);
    const s = list.body.data[0];
    expectError(await other.req('GET', `/v1/statements/${s.id}`), 404, 'statement');
    expect((await app.request('GET', `/v1/statements/${s.id}`, { key: null })).status).toBe(401);
  });

  it('counts money on its way in as cash: a deposit pending over the month end is in the closing cash', async () => {
    const u = await newTenant(app);
    // The last trading day of the first month whose last trading day is at least 10 days out.
    const soonest = addCalendarDays(nyDate(new Date()), 10);
    const lastTradingDayBefore = (first: string) => previousTradingDayOnOrBefore(addCalendarDays(first, -1));
    let next = addMonths(`${soonest.slice(0, 7)}-01`, 1);
    if (lastTradingDayBefore(next) < soonest) next = addMonths(next, 1);
    const month = next;
    await u.advance(ny(lastTradingDayBefore(next), '10:00'));
    const c = await customer(u);
    expect((await deposit(u, c.account.id, c.bank.id, '1234.56')).status).toBe(201);
    await u.advance(ny(month, '08:00'));
    // Not settled yet (T+1 falls in the new month): nothing is spendable, but the statement counts it.
    expect((await u.req('GET', `/v1/accounts/${c.account.id}`)).body.available_cash).toBe('0.00');
    const list = (await u.req('GET', `/v1/statements?account_id=${c.account.id}`)).body.data;
    expect(list).toHaveLength(1);
    const { rows } = await app.db.query<{ closing_cash: string }>('SELECT closing_cash::text FROM statements WHERE tenant_id = $1 AND id = $2', [u.tenantId, list[0].id]);
    expect(new Decimal(rows[0]!.closing_cash).toFixed(2)).toBe('1234.56');
    if (hasPdftotext) {
      const text = pdfText((await download(list[0].url)).bytes);
      expect(text).toMatch(/Cash\s+\$0\.00\s+\$1,234\.56/);
      expect(text).toMatch(/No holdings at the end of this period\./);
    }
  });

  it('counts in processed.statements every statement the month produced, one per account', async () => {
    const u = await newTenant(app);
    await u.advance(ny(week.mon, '08:00'));
    const [a, b] = [await customer(u), await customer(u, '4327843044')];
    expect((await deposit(u, a.account.id, a.bank.id, '100.00')).status).toBe(201);
    expect((await deposit(u, b.account.id, b.bank.id, '200.00')).status).toBe(201);
    const r = await u.advance(ny(week.next, '08:00'));
    const made = [];
    for (const id of [a.account.id, b.account.id]) made.push(...(await u.req('GET', `/v1/statements?account_id=${id}`)).body.data);
    expect(made).toHaveLength(2);
    expect(r.body.processed.statements).toBe(made.length);
    expect((await u.req('GET', '/v1/events?type=statement.created')).body.data).toHaveLength(made.length);
    await expectSoundBooks(app, u.tenantId);
  });

  it('generates each month once however often the clock moves; the next month opens where this one closed', async () => {
    await t.advance(ny(addCalendarDays(week.next, 3), '08:00'));
    await t.advance(ny(addMonths(week.next, 1), '08:00'));
    const again = await t.advance(ny(addCalendarDays(addMonths(week.next, 1), 1), '08:00'));
    expect(again.body.processed.statements).toBe(0);
    const list = (await t.req('GET', `/v1/statements?account_id=${account.id}&order=asc&start_date=${week.month}`)).body.data;
    // This month (activity) and the next (no activity, but holdings and cash at its end).
    expect(list.map((s: { period_start: string }) => s.period_start)).toEqual([week.month, week.next]);
    expect((await t.req('GET', `/v1/statements?account_id=${idle.id}&start_date=${week.month}`)).body.data).toEqual([]);
    expect((await t.req('GET', '/v1/events?type=statement.created')).body.data).toHaveLength(2);
    const { rows } = await app.db.query<{ period_start: string; opening_cash: string; closing_cash: string; opening_market_value: string; closing_market_value: string }>(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS period_start, opening_cash::text, closing_cash::text,
              opening_market_value::text, closing_market_value::text
         FROM statements WHERE tenant_id = $1 AND account_id = $2 ORDER BY period_start`, [t.tenantId, account.id]);
    expect(rows.map((r) => r.period_start)).toEqual([week.month, week.next]);
    expect(new Decimal(rows[0]!.closing_cash).toFixed(2)).toBe(closing.cash);
    expect(new Decimal(rows[0]!.closing_market_value).toFixed(2)).toBe(closing.marketValue);
    expect(new Decimal(rows[1]!.opening_cash).toFixed(2)).toBe(closing.cash);
    expect(new Decimal(rows[1]!.opening_market_value).toFixed(2)).toBe(closing.marketValue);
    expect(new Decimal(rows[1]!.closing_cash).toFixed(2)).toBe(closing.cash);
  });
});
