// Identity rules with no I/O: SSN and birth-date checks, bank routing/account numbers and their
// masking, brokerage account numbers, and the KYC/document token formats.

/** A rule broken by one field; `message` reads after the field name ("birth_date: must be ..."). */
export interface Problem {
  field: string;
  message: string;
}

const ALPHABET62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TOKEN_BODY_LENGTH = 20;

/** Returns `length` uniformly random bytes; injected so tests and callers choose the source. */
export type RandomBytes = (length: number) => Uint8Array;

/** Base62 string of `length` chars; rejection sampling keeps every character equally likely. */
export function randomBase62(length: number, random: RandomBytes): string {
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte >= 248) continue; // 248 = 62 * 4: bytes above it would bias the first letters
      out += ALPHABET62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** KYC check tokens look like the API reference's `S-BNTwVDLrlRvHbKVhRa8X`. */
export const kycToken = (random: RandomBytes) => 'S-' + randomBase62(TOKEN_BODY_LENGTH, random);
/** KYC document tokens look like the API reference's `D-fu1WeoS2ywAROk1srtP9`. */
export const documentToken = (random: RandomBytes) => 'D-' + randomBase62(TOKEN_BODY_LENGTH, random);

export const KYC_TOKEN_PATTERN = /^S-[A-Za-z0-9]{20}$/;

/**
 * Only the shape is checked: 9 digits, not all zeros. The SSA's area/group/serial rules
 * (no 000, 666 or 9xx area) would reject the API reference's own examples (`666456789` is the joint
 * member's SSN in the reference), and the sandbox uses made-up numbers by design.
 */
export function ssnProblem(ssn: string, field = 'ssn_number'): Problem | null {
  if (!/^[0-9]{9}$/.test(ssn)) return { field, message: 'must be exactly 9 digits' };
  if (ssn === '000000000') return { field, message: 'must not be all zeros' };
  return null;
}

export const ssnLast4 = (ssn: string) => ssn.slice(-4);

export const MINIMUM_AGE_YEARS = 18;
const EARLIEST_BIRTH_YEAR = 1900;

/**
 * `birthDate` must be a real calendar date (YYYY-MM-DD), not before 1900, and the person must be
 * at least 18 on `today` (the tenant clock's calendar date, also YYYY-MM-DD).
 */
export function birthDateProblem(birthDate: string, today: string, field = 'birth_date'): Problem | null {
  const birth = parseDate(birthDate);
  if (!birth) return { field, message: 'must be a real date in YYYY-MM-DD form' };
  if (birth.year < EARLIEST_BIRTH_YEAR) return { field, message: `must not be before ${EARLIEST_BIRTH_YEAR}` };
  if (birthDate > today) return { field, message: 'must be in the past' };
  if (ageOn(birthDate, today) < MINIMUM_AGE_YEARS) {
    return { field, message: `shows the person is under ${MINIMUM_AGE_YEARS}` };
  }
  return null;
}

/** Whole years between two YYYY-MM-DD dates; a 29 February birthday counts from 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const b = parseDate(birthDate);
  const t = parseDate(today);
  if (!b || !t) throw new Error(`ageOn needs two valid dates, got ${birthDate} and ${today}`);
  const hadBirthday = t.month > b.month || (t.month === b.month && t.day >= b.day);
  return t.year - b.year - (hadBirthday ? 0 : 1);
}

function parseDate(text: string): { year: number; month: number; day: number } | null {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** ABA routing number: 9 digits with 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function isValidRoutingNumber(routing: string): boolean {
  if (!/^[0-9]{9}$/.test(routing)) return false;
  const d = [...routing].map(Number) as number[];
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = d.reduce((acc, digit, i) => acc + digit * weights[i]!, 0);
  return sum % 10 === 0;
}

export function routingNumberProblem(routing: string, field = 'bank_routing_number'): Problem | null {
  if (!/^[0-9]{9}$/.test(routing)) return { field, message: 'must be exactly 9 digits' };
  if (!isValidRoutingNumber(routing)) return { field, message: 'fails the ABA checksum' };
  return null;
}

export function bankAccountNumberProblem(number: string, field = 'bank_account_number'): Problem | null {
  if (!/^[0-9]{4,17}$/.test(number)) return { field, message: 'must be 4 to 17 digits' };
  return null;
}

/** Everything but the last 4 becomes `*`, keeping the length: "4327843043" → "******3043". */
export function maskToLast4(digits: string): string {
  if (digits.length <= 4) return digits;
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

/** Masks from a stored last-4 and length, so the clear number need not be decrypted to show it. */
export function maskFromLast4(last4: string, length: number): string {
  return '*'.repeat(Math.max(0, length - last4.length)) + last4;
}

export const ACCOUNT_NUMBER_PREFIX = 'FOBN';
const ACCOUNT_NUMBER_DIGITS = 8;

/**
 * "FOBN" + 8 digits, the first non-zero. Uniqueness per tenant is the database's job (a unique
 * index); the caller draws again on a collision.
 */
export function accountNumber(random: RandomBytes): string {
  let digits = '';
  while (digits.length < ACCOUNT_NUMBER_DIGITS) {
    for (const byte of random(ACCOUNT_NUMBER_DIGITS * 2)) {
      if (byte >= 250) continue; // keep digits uniform
      const digit = byte % 10;
      if (digits.length === 0 && digit === 0) continue;
      digits += String(digit);
      if (digits.length === ACCOUNT_NUMBER_DIGITS) break;
    }
  }
  return ACCOUNT_NUMBER_PREFIX + digits;
}
