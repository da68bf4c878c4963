// The one exact decimal type in Finos. Money and share quantities are Decimal (decimal.js)
// in TypeScript, NUMERIC in SQL and decimal strings on the wire; never JS numbers.
//
// Rounding rules (tested in money.test.ts):
// - cash amounts are rounded to cents (2 dp) with ROUND_HALF_EVEN (banker's rounding) when a
//   computation produces more digits (e.g. price × fractional quantity, pro-rata dividends);
// - share quantities are rounded DOWN to 4 dp (never sell or buy more than was asked or held);
// - money to be reserved for a buy (price × quantity plus buffer) is rounded UP to the cent so a
//   reservation always covers the fill.
import { Decimal as DecimalJs } from 'decimal.js';

export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

const MONEY_RE = /^-?[0-9]{1,13}(\.[0-9]{1,2})?$/;
const QTY_RE = /^-?[0-9]{1,12}(\.[0-9]{1,4})?$/;

export function dec(v: string | number | Decimal): Decimal {
  if (typeof v === 'number' && !Number.isInteger(v)) throw new TypeError(`refusing float ${v}: pass a decimal string`);
  return new Decimal(v);
}

export function parseMoney(s: string, field: string): Decimal {
  if (!MONEY_RE.test(s)) throw new RangeError(`${field} must be a decimal string with at most 2 decimals`);
  return new Decimal(s);
}

export function parseQuantity(s: string, field: string): Decimal {
  if (!QTY_RE.test(s)) throw new RangeError(`${field} must be a decimal string with at most 4 decimals`);
  return new Decimal(s);
}

/** Cash to cents, half-even. */
export const toCents = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
/** Cash to cents, up (reservations). */
export const toCentsUp = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_UP);
/** Shares to 4 dp, down. */
export const toShares = (d: Decimal): Decimal => d.toDecimalPlaces(4, Decimal.ROUND_DOWN);

/** Wire form of money: always 2 decimals ("202.00"). */
export const moneyString = (d: Decimal): string => toCents(d).toFixed(2);
/** Wire form of a quantity: up to 4 decimals, no trailing zeros ("0.2", "5"). */
export const quantityString = (d: Decimal): string => toShares(d).toFixed();
