// The one strict reading of dates and instants that arrive in requests. `new Date()` and
// `Date.parse` roll impossible dates over (2027-02-30 becomes March 2), so every input is first
// checked with ajv-formats' full RFC 3339 rules, the same rules the contract's `format: date` and
// `format: date-time` are validated with, and only then converted.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { badRequest } from './errors.ts';
import { messageTable } from './messages.ts';

type FormatCheck = { validate: (s: string) => boolean };
const isDate = (fullFormats.date as FormatCheck).validate;
const isDateTime = (fullFormats['date-time'] as FormatCheck).validate;

/** A real calendar date written YYYY-MM-DD. */
export const isIsoDate = (text: string): boolean => /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) && isDate(text);

/** A real instant written as an RFC 3339 date-time with a time zone. */
export function isIsoInstant(text: string): boolean {
  return isDateTime(text) && !Number.isNaN(Date.parse(text));
}

/** Reads an instant; a 400 naming `field` when it is not one or does not exist (Feb 30, 25:00). */
export function parseInstant(text: string, field: string): Date {
  if (!isIsoInstant(text)) throw badRequest(`${field}: ${messageTable().formats['date-time']}; got "${text}"`, field);
  return new Date(text);
}

/**
 * Reads a parameter that the API documents as "ISO format": a date (`2026-01-01`) or a full
 * date-time (`2026-01-01T00:00:00Z`). A date-time stands for its date as written, in its own
 * offset, so `2026-01-01T00:00:00Z` means January 1 whatever the time zone.
 */
export function parseIsoDay(text: string, field: string): string {
  const date = text.slice(0, 10);
  const ok = text.length === 10 ? isIsoDate(text) : text[10]?.toUpperCase() === 'T' && isIsoDate(date) && isIsoInstant(text);
  if (!ok) {
    throw badRequest(`${field}: must be a real date written YYYY-MM-DD or an ISO-8601 date-time, e.g. "2026-11-24" or "2026-11-24T00:00:00Z"; got "${text}"`, field);
  }
  return date;
}
