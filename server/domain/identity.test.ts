import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  accountNumber,
  ageOn,
  bankAccountNumberProblem,
  birthDateProblem,
  documentToken,
  isValidRoutingNumber,
  kycToken,
  maskFromLast4,
  maskToLast4,
  randomBase62,
  routingNumberProblem,
  ssnLast4,
  ssnProblem,
} from './identity.ts';

const random = (n: number) => randomBytes(n);

describe('ABA routing numbers', () => {
  it('accepts the API reference\'s routing number and other real ones', () => {
    for (const r of ['121042882', '021000021', '011000015', '026009593', '111000025']) {
      expect(isValidRoutingNumber(r), r).toBe(true);
    }
  });
  it('rejects a wrong checksum, wrong lengths and non-digits', () => {
    for (const r of ['121042883', '12104288', '1210428820', '12104288a', '', ' 21042882']) {
      expect(isValidRoutingNumber(r), r).toBe(false);
    }
  });
  it('names the field and says why', () => {
    expect(routingNumberProblem('121042883')).toEqual({ field: 'bank_routing_number', message: expect.stringMatching(/checksum/) });
    expect(routingNumberProblem('1234')?.message).toMatch(/9 digits/);
    expect(routingNumberProblem('121042882')).toBeNull();
  });
});

describe('bank account numbers', () => {
  it('takes 4 to 17 digits', () => {
    expect(bankAccountNumberProblem('1234')).toBeNull();
    expect(bankAccountNumberProblem('12345678901234567')).toBeNull();
    expect(bankAccountNumberProblem('123')?.field).toBe('bank_account_number');
    expect(bankAccountNumberProblem('123456789012345678')).not.toBeNull();
    expect(bankAccountNumberProblem('12 34')).not.toBeNull();
  });
  it('masks all but the last 4, keeping the length', () => {
    expect(maskToLast4('4327843043')).toBe('******3043');
    expect(maskToLast4('1234')).toBe('1234');
    expect(maskFromLast4('3043', 10)).toBe('******3043');
  });
});

describe('SSN', () => {
  it('accepts any 9 digits, including the API reference\'s 666456789', () => {
    expect(ssnProblem('123456789')).toBeNull();
    expect(ssnProblem('666456789')).toBeNull();
  });
  it('rejects other lengths, non-digits and all zeros', () => {
    expect(ssnProblem('12345678')?.field).toBe('ssn_number');
    expect(ssnProblem('123-45-6789')).not.toBeNull();
    expect(ssnProblem('000000000')?.message).toMatch(/zeros/);
    expect(ssnProblem('12345678', 'joint_member.ssn_number')?.field).toBe('joint_member.ssn_number');
  });
  it('keeps the last 4', () => expect(ssnLast4('123456789')).toBe('6789'));
});

describe('birth dates', () => {
  const today = '2026-03-15';
  it('computes whole years', () => {
    expect(ageOn('2008-03-15', today)).toBe(18);
    expect(ageOn('2008-03-16', today)).toBe(17);
    expect(ageOn('1985-01-23', today)).toBe(41);
  });
  it('accepts adults from 1900 on', () => {
    expect(birthDateProblem('1985-01-23', today)).toBeNull();
    expect(birthDateProblem('2008-03-15', today)).toBeNull();
    expect(birthDateProblem('1900-01-01', today)).toBeNull();
  });
  it('rejects minors, the future, before 1900 and impossible dates', () => {
    expect(birthDateProblem('2008-03-16', today)?.message).toMatch(/under 18/);
    expect(birthDateProblem('2030-01-01', today)?.message).toMatch(/past/);
    expect(birthDateProblem('1899-12-31', today)?.message).toMatch(/1900/);
    expect(birthDateProblem('1985-02-30', today)?.message).toMatch(/real date/);
    expect(birthDateProblem('1985-13-01', today)).not.toBeNull();
    expect(birthDateProblem('85-01-23', today)).not.toBeNull();
  });
  it('counts a leap-day birthday from 1 March in common years', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('tokens and account numbers', () => {
  it('makes S- and D- tokens of 20 base62 characters', () => {
    expect(kycToken(random)).toMatch(/^S-[A-Za-z0-9]{20}$/);
    expect(documentToken(random)).toMatch(/^D-[A-Za-z0-9]{20}$/);
  });
  it('skips biased bytes', () => {
    const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i % 2 ? 255 : 61));
    expect(randomBase62(5, bytes)).toBe('zzzzz');
  });
  it('makes FOBN + 8 digits with no leading zero', () => {
    for (let i = 0; i < 200; i++) expect(accountNumber(random)).toMatch(/^FOBN[1-9][0-9]{7}$/);
  });
});
