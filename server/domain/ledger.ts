// Double-entry bookkeeping, pure: the books, the journals each money movement writes, and the
// rule every journal obeys (its postings sum to zero per asset). No I/O; services/ledger.ts stores them.
import { Decimal } from './money.ts';

/** Books of one brokerage account. */
export const ACCOUNT_BOOKS = ['cash', 'cash_pending', 'cash_held', 'securities', 'securities_held'] as const;
/** Books of the tenant's counterparties, with no account: the outside world and the market. */
export const SYSTEM_BOOKS = ['bank', 'market'] as const;
export type AccountBook = (typeof ACCOUNT_BOOKS)[number];
export type SystemBook = (typeof SYSTEM_BOOKS)[number];
export type Book = AccountBook | SystemBook;
/** Books that may never go below zero (the database CHECK says the same). */
export const NON_NEGATIVE_BOOKS: readonly Book[] = ['cash', 'cash_held', 'securities', 'securities_held'];

export const USD = 'USD';
/** Postings carry at most 4 decimals (share quantities); cash postings carry 2. */
export const MAX_POSTING_SCALE = 4;
/** A journal is small: two legs per move, a few moves at most. */
export const MAX_POSTINGS = 16;

export type JournalKind =
  | 'deposit' | 'deposit_settle' | 'deposit_return'
  | 'withdrawal' | 'withdrawal_settle'
  | 'order_reserve' | 'order_release' | 'trade' | 'trade_settle'
  | 'withdrawal_hold' | 'withdrawal_release' | 'dividend';

export interface Posting {
  /** null for system books. */
  accountId: string | null;
  book: Book;
  /** 'USD' or a symbol. */
  asset: string;
  amount: Decimal;
}

export class LedgerError extends Error {
  override name = 'LedgerError';
}

const isSystemBook = (b: Book): b is SystemBook => (SYSTEM_BOOKS as readonly string[]).includes(b);

/** Where value sits: an account's book, or a system book. */
export type Place = { accountId: string; book: AccountBook } | { accountId: null; book: SystemBook };
export const accountBook = (accountId: string, book: AccountBook): Place => ({ accountId, book });
export const systemBook = (book: SystemBook): Place => ({ accountId: null, book });

/** Two legs moving `amount` of `asset` from one place to another. */
export function move(from: Place, to: Place, asset: string, amount: Decimal): Posting[] {
  if (!amount.isFinite() || amount.lte(0)) throw new LedgerError(`move: amount must be positive, got ${amount.toString()}`);
  return [
    { accountId: from.accountId, book: from.book, asset, amount: amount.neg() },
    { accountId: to.accountId, book: to.book, asset, amount },
  ];
}

/** Sum per asset. */
export function netByAsset(postings: readonly Posting[]): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const p of postings) out.set(p.asset, (out.get(p.asset) ?? new Decimal(0)).plus(p.amount));
  return out;
}

/** Throws LedgerError unless the postings form a valid journal: non-empty, well-formed, zero-sum per asset. */
export function checkBalanced(postings: readonly Posting[]): void {
  if (postings.length < 2) throw new LedgerError('a journal needs at least two postings');
  if (postings.length > MAX_POSTINGS) throw new LedgerError(`a journal has at most ${MAX_POSTINGS} postings`);
  for (const p of postings) {
    if (p.amount.isZero() || !p.amount.isFinite()) throw new LedgerError(`posting to ${p.book} must be a non-zero amount`);
    if (p.amount.decimalPlaces() > MAX_POSTING_SCALE) throw new LedgerError(`posting to ${p.book} has more than ${MAX_POSTING_SCALE} decimals`);
    if (p.asset === USD && p.amount.decimalPlaces() > 2) throw new LedgerError(`USD posting to ${p.book} has more than 2 decimals`);
    if (isSystemBook(p.book) !== (p.accountId === null)) {
      throw new LedgerError(`book ${p.book} ${isSystemBook(p.book) ? 'takes no' : 'needs an'} account`);
    }
  }
  for (const [asset, sum] of netByAsset(postings)) {
    if (!sum.isZero()) throw new LedgerError(`postings in ${asset} sum to ${sum.toString()}, not 0`);
  }
}

export const balanceKey = (accountId: string | null, book: Book, asset: string) => `${accountId ?? '-'}|${book}|${asset}`;

/**
 * Postings summed per place and asset, in the order each first appears, leaving out those that sum
 * to zero: what several journals posted together leave behind. Balanced journals net to a
 * balanced set.
 */
export function netPostings(postings: readonly Posting[]): Posting[] {
  const net = new Map<string, Posting>();
  for (const p of postings) {
    const k = balanceKey(p.accountId, p.book, p.asset);
    const seen = net.get(k);
    if (seen) seen.amount = seen.amount.plus(p.amount);
    else net.set(k, { ...p });
  }
  return [...net.values()].filter((p) => !p.amount.isZero());
}

/** Balances after applying postings to `start` (a copy; the input is not changed). */
export function applyPostings(start: ReadonlyMap<string, Decimal>, postings: readonly Posting[]): Map<string, Decimal> {
  const out = new Map(start);
  for (const p of postings) {
    const k = balanceKey(p.accountId, p.book, p.asset);
    out.set(k, (out.get(k) ?? new Decimal(0)).plus(p.amount));
  }
  return out;
}

/** The first book a set of balances overdraws, or null. */
export function overdrawn(balances: ReadonlyMap<string, Decimal>): string | null {
  for (const [k, v] of balances) {
    const book = k.split('|')[1] as Book;
    if (NON_NEGATIVE_BOOKS.includes(book) && v.isNegative()) return k;
  }
  return null;
}

// ---- the journals ACH transfers write ----

const cash = (accountId: string, book: AccountBook = 'cash') => accountBook(accountId, book);
const bank = systemBook('bank');

/** A deposit starts: the bank owes the account; the money is incoming, not yet spendable. */
export const depositStarted = (accountId: string, amount: Decimal) => move(bank, cash(accountId, 'cash_pending'), USD, amount);
/** It settles: incoming becomes settled cash. */
export const depositSettled = (accountId: string, amount: Decimal) => move(cash(accountId, 'cash_pending'), cash(accountId), USD, amount);
/** The bank returns it: the incoming money goes back; nothing was ever spendable. */
export const depositReturned = (accountId: string, amount: Decimal) => move(cash(accountId, 'cash_pending'), bank, USD, amount);
/** A withdrawal starts: settled cash is reserved. */
export const withdrawalStarted = (accountId: string, amount: Decimal) => move(cash(accountId), cash(accountId, 'cash_held'), USD, amount);
/** It completes: the reserve leaves for the bank. */
export const withdrawalSettled = (accountId: string, amount: Decimal) => move(cash(accountId, 'cash_held'), bank, USD, amount);
