// Fixtures for the identity scenarios: people with sandbox SSNs chosen by their last four
// digits, approved users, account bodies, and the error-shape assertion every 4xx must meet.
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp, TestResponse } from '../helpers/app.ts';

/** A 9-digit SSN ending in `last4`; the first five digits vary so people differ. */
export function ssn(last4 = '6789'): string {
  return String(randomInt(10000, 99999)) + last4;
}

let seq = 0;
/** A unique adult with a complete identity; `last4` picks the sandbox KYC outcome. */
export function person(last4 = '6789', overrides: Record<string, unknown> = {}) {
  seq++;
  const tag = `${Date.now().toString(36)}${seq}`;
  return {
    phone_number: `1804${String(randomInt(1000000, 9999999))}`,
    first_name: 'John',
    last_name: `Doe${tag}`,
    email_address: `john.${tag}@example.com`,
    birth_date: '1985-01-23',
    ssn_number: ssn(last4),
    address_line_1: '123 Test St',
    address_city: 'Richmond',
    address_state: 'VA',
    address_postal_code: '23220',
    address_country_code: 'US',
    ...overrides,
  };
}

export async function createUser(app: TestApp, body: Record<string, unknown>, key?: string) {
  const r = await app.request('POST', '/v1/users', { body, ...(key ? { key } : {}) });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

export const approvedUser = (app: TestApp, key?: string) => createUser(app, person('6789'), key);

export const cashAccount = {
  ownership: 'individual',
  account_type: 'cash',
  martial_status: 'single',
  country_of_citizenship: 'USA',
  employment_status: 'Employed / Self-Employed',
  employment_position: 'Software Engineer',
  employer_name: 'Finos Inc',
};

export const investorProfile = {
  annual_income: '$100,000 - $199,999',
  investment_objective: 'growth',
  investment_experience: 'limited',
  net_liquid_worth: '$25,000 - $99,999',
  net_total_worth: '$100,000 - $199,999',
  is_director: false,
  risk_tolerance: 'moderate',
};

/** The right answer to every sandbox question is its first option. */
export function rightAnswers(kyc: { prompts: { answers: { questions: Array<{ id: number; answers: Array<{ id: number }> }> } } }) {
  return kyc.prompts.answers.questions.map((q) => ({ question_id: q.id, answer_id: q.answers[0]!.id }));
}

/** A 4xx in the API reference's shape whose message (and `field`, when given) names the field at fault. */
export function expectError(r: TestResponse, status: number, field?: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.body.error).toBeDefined();
  expect(typeof r.body.error.type).toBe('string');
  expect(typeof r.body.error.message).toBe('string');
  if (field) expect(r.body.error.message, r.text).toContain(field);
}
