// The one exact decimal type in Finos. Money and share quantities are Decimal (decimal.js)
// in TypeScript, NUMERIC in SQL and decimal strings on the wire; never JS numbers.
//
// Rounding rules (tested in money.test.ts):
// - cash amounts are rounded to cents (2 dp) with ROUND_HALF_EVEN (banker's rounding) when a
//   computation produces more digits (e.g. price × fractional quantity, pro-rata dividends);
// - share quantities are rounded DOWN to 4 dp (never sell or buy more than was asked or held);
// - money to be reserved for a buy (price × quantity plus buffer) is rounded UP to the cent so a
//   reservation always covers the fill.
//
// Trades: one fill, one price (the order, its transaction, the tax lot, the position and the
// statement all show the same figures, computed here and nowhere else):
// - a fill's price is the quote it fills at, kept to 4 decimals (PRICE_DECIMALS) and shown with
//   at least 2 (priceString); an order's average price is Σ(quantity × price) ÷ Σ quantity over
//   its fills, to 4 decimals, half-even — never derived from the rounded cash;
// - a fill's cash is quantity × price rounded to the cent AGAINST the customer: a buy pays it
//   rounded UP, a sell receives it rounded DOWN (tradeCash);
// - a notional buy fills notional ÷ price shares truncated to 4 decimals (notionalQuantity) and
//   pays that quantity × price rounded up to the cent, which never exceeds the notional (the
//   quantity was truncated, and the notional is whole cents); what is left of the notional,
//   less than one ten-thousandth of a share's price plus a cent, stays in cash.
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
/** Cash to cents, down (what a sale pays out). */
export const toCentsDown = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_DOWN);
/** Shares to 4 dp, down. */
export const toShares = (d: Decimal): Decimal => d.toDecimalPlaces(4, Decimal.ROUND_DOWN);

/** Wire form of money: always 2 decimals ("202.00"). */
export const moneyString = (d: Decimal): string => toCents(d).toFixed(2);
/** Wire form of a quantity: up to 4 decimals, no trailing zeros ("0.2", "5"). */
export const quantityString = (d: Decimal): string => toShares(d).toFixed();

/** Prices per share carry at most this many decimals. */
export const PRICE_DECIMALS = 4;
/** A price per share to 4 decimals, half-even. */
export const toPrice = (d: Decimal): Decimal => d.toDecimalPlaces(PRICE_DECIMALS, Decimal.ROUND_HALF_EVEN);
/** Wire form of a price per share: at least 2 decimals, at most 4 ("427.71", "28.0351"). */
export function priceString(d: Decimal): string {
  const p = toPrice(d);
  return p.decimalPlaces() <= 2 ? p.toFixed(2) : p.toFixed();
}

/** The cash of a fill: quantity × price to the cent, against the customer (a buy pays up, a sell receives down). */
export function tradeCash(side: 'buy' | 'sell', quantity: Decimal, price: Decimal): Decimal {
  const exact = quantity.times(price);
  return side === 'buy' ? toCentsUp(exact) : toCentsDown(exact);
}

/** The shares a notional buy fills at `price`: notional ÷ price, truncated to 4 decimals. */
export const notionalQuantity = (notional: Decimal, price: Decimal): Decimal => toShares(notional.div(price));

/** An order's average fill price: the fills' Σ(quantity × price) ÷ Σ quantity, to 4 decimals. */
export const averageFillPrice = (gross: Decimal, quantity: Decimal): Decimal => toPrice(gross.div(quantity));
