// Fixtures for the money scenarios: a tenant of its own per test (so each has its own sandbox
// clock), an approved owner with an active cash account and a linked bank account, dates picked
// from the real NYSE calendar, and the ledger invariants every scenario ends on.
import { expect } from 'vitest';
import { addCalendarDays, holidays, nyDate, nyInstant, weekday } from '../../server/domain/calendar.ts';
import type { TestApp, TestResponse } from '../helpers/app.ts';
import { cashAccount, person } from '../identity/support.ts';

export interface Tenant {
  tenantId: string;
  req<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse<T>>;
  advance(to: string | Date): Promise<TestResponse>;
}

export async function newTenant(app: TestApp): Promise<Tenant> {
  const keys = await app.createTenant('money');
  const req = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    app.request(method, path, { key: keys.secret, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  return {
    tenantId: keys.tenantId,
    req,
    async advance(to) {
      const r = await req('POST', '/v1/sandbox/clock/advance', { to: new Date(to).toISOString() });
      expect(r.status, r.text).toBe(200);
      return r;
    },
  };
}

export const bankBody = (number = '4327843043') => ({ bank_account_number: number, bank_routing_number: '121042882', bank_account_nickname: 'checking' });

/** An approved user with an active cash account and a bank account (number chosen by the caller). */
export async function customer(t: Tenant, bankNumber = '4327843043') {
  const u = await t.req('POST', '/v1/users', person('6789'));
  expect(u.status, u.text).toBe(201);
  const a = await t.req('POST', `/v1/users/${u.body.id}/accounts`, cashAccount);
  expect(a.status, a.text).toBe(201);
  const b = await t.req('POST', `/v1/users/${u.body.id}/bank_accounts`, bankBody(bankNumber));
  expect(b.status, b.text).toBe(201);
  return { user: u.body, account: a.body, bank: b.body };
}

export async function deposit(t: Tenant, accountId: string, bankId: string, amount: string, headers?: Record<string, string>) {
  return t.req('POST', '/v1/deposits', { account_id: accountId, bank_account_id: bankId, amount }, headers);
}
export async function withdraw(t: Tenant, accountId: string, bankId: string, amount: string, path = '/v1/withdrawals') {
  return t.req('POST', path, { account_id: accountId, bank_account_id: bankId, amount });
}
export const availableCash = async (t: Tenant, accountId: string) => (await t.req('GET', `/v1/accounts/${accountId}`)).body.available_cash as string;

/**
 * The next Monday market holiday at least 10 days after now: a deposit on the Friday before
 * settles on the Tuesday (T+1 over a weekend and a holiday).
 */
export function mondayHolidayAfter(now: Date): { friday: string; monday: string; tuesday: string } {
  const from = addCalendarDays(nyDate(now), 10);
  for (let y = Number(from.slice(0, 4)); ; y++) {
    const monday = [...holidays(y).keys()].sort().find((d) => d >= from && weekday(d) === 1);
    if (monday) return { friday: addCalendarDays(monday, -3), monday, tuesday: addCalendarDays(monday, 1) };
  }
}

export const ny = (date: string, hhmm: string) => nyInstant(date, hhmm);

/** Every item of a list, following `next_page` links (each page must answer 200). */
export async function allPages<T>(t: Tenant, first: string): Promise<T[]> {
  const out: T[] = [];
  let path: string | null = first;
  while (path) {
    const page: { status: number; text: string; body: { data: T[]; pagination: { next_page: string | null } } } = await t.req('GET', path);
    expect(page.status, page.text).toBe(200);
    out.push(...page.body.data);
    path = page.body.pagination.next_page;
  }
  return out;
}
