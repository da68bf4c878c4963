// One set of result-type conversions shared by both engines, so a row looks the same on
// PGlite and on PostgreSQL:
//   NUMERIC      -> string ('12.50'; use decimal.js for arithmetic, never Number)
//   DATE         -> 'YYYY-MM-DD' string (calendar dates have no time zone)
//   TIMESTAMPTZ  -> Date; TIMESTAMP (no zone) -> Date read as UTC
//   INT8/BIGINT  -> number (count(*), *_ms columns); throws beyond 2^53 rather than round silently
//   JSON/JSONB   -> parsed value. As parameters, pass JSON.stringify(value) for json/jsonb:
//                   node-postgres would turn a JS array into a Postgres array literal.

export const OID = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
} as const;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is beyond the safe integer range`);
  return n;
}

export const parseNumeric = (text: string): string => text;
export const parseDate = (text: string): string => text;

/** Postgres prints timestamptz as '2026-01-02 03:04:05.678+00' (or with another offset). */
export function parseTimestamptz(text: string): Date {
  if (text === 'infinity' || text === '-infinity') throw new RangeError(`timestamp ${text} is not supported`);
  let iso = text.replace(' ', 'T');
  if (/[+-]\d\d$/.test(iso)) iso += ':00';
  return new Date(iso);
}

export function parseTimestamp(text: string): Date {
  return parseTimestamptz(text.replace(' ', 'T') + 'Z');
}

export const parsers: Record<number, (text: string) => unknown> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: parseNumeric,
  [OID.DATE]: parseDate,
  [OID.TIMESTAMP]: parseTimestamp,
  [OID.TIMESTAMPTZ]: parseTimestamptz,
};
