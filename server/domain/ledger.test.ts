import { describe, expect, it } from 'vitest';
import { dec, Decimal } from './money.ts';
import {
  accountBook, applyPostings, balanceKey, checkBalanced, depositReturned, depositSettled, depositStarted, LedgerError, move,
  netByAsset, netPostings, overdrawn, systemBook, USD, withdrawalSettled, withdrawalStarted, type Posting,
} from './ledger.ts';

const A = '0190a000-0000-7000-8000-000000000001';

describe('ledger journals', () => {
  it('every transfer journal is balanced per asset', () => {
    for (const make of [depositStarted, depositSettled, depositReturned, withdrawalStarted, withdrawalSettled]) {
      const postings = make(A, dec('202.00'));
      expect(() => checkBalanced(postings)).not.toThrow();
      expect(netByAsset(postings).get(USD)!.isZero()).toBe(true);
    }
  });

  it('refuses unbalanced, empty, zero, over-precise and misplaced postings', () => {
    const p = (book: Posting['book'], amount: string, accountId: string | null = A, asset = USD): Posting => ({ accountId, book, asset, amount: dec(amount) });
    expect(() => checkBalanced([])).toThrow(LedgerError);
    expect(() => checkBalanced([p('cash', '1.00'), p('bank', '-0.99', null)])).toThrow(/sum to 0.01/);
    expect(() => checkBalanced([p('cash', '0'), p('bank', '0', null)])).toThrow(/non-zero/);
    expect(() => checkBalanced([p('cash', '1.001'), p('bank', '-1.001', null)])).toThrow(/2 decimals/);
    expect(() => checkBalanced([p('cash', '1.00'), p('bank', '-1.00', A)])).toThrow(/takes no account/);
    expect(() => checkBalanced([p('cash', '1.00', null), p('bank', '-1.00', null)])).toThrow(/needs an account/);
    // Balanced per asset, not across assets.
    expect(() => checkBalanced([p('cash', '1.00'), p('securities', '-1', A, 'AAPL')])).toThrow(LedgerError);
    expect(() => checkBalanced([p('securities', '0.5', A, 'AAPL'), p('market', '-0.5', null, 'AAPL')])).not.toThrow();
  });

  it('netPostings sums per place and asset in first-seen order and drops what nets to zero', () => {
    const market = systemBook('market');
    const reserve = move(accountBook(A, 'cash'), accountBook(A, 'cash_held'), USD, dec('105.00'));
    const trade = [
      ...move(accountBook(A, 'cash_held'), market, USD, dec('100.00')),
      ...move(market, accountBook(A, 'securities'), 'AAPL', dec('0.5')),
      ...move(accountBook(A, 'cash_held'), accountBook(A, 'cash'), USD, dec('5.00')),
    ];
    const net = netPostings([...reserve, ...trade]);
    expect(net.map((p) => [p.accountId, p.book, p.asset, p.amount.toFixed()])).toEqual([
      [A, 'cash', USD, '-100'], [null, 'market', USD, '100'], [null, 'market', 'AAPL', '-0.5'], [A, 'securities', 'AAPL', '0.5'],
    ]);
    expect(() => checkBalanced(net)).not.toThrow();
    // The inputs are left as they were.
    expect(reserve[0]!.amount.toFixed()).toBe('-105');
    expect(netPostings([...reserve, ...move(accountBook(A, 'cash_held'), accountBook(A, 'cash'), USD, dec('105.00'))])).toEqual([]);
  });

  it('move refuses non-positive amounts', () => {
    expect(() => move(systemBook('bank'), accountBook(A, 'cash'), USD, dec('0'))).toThrow(LedgerError);
    expect(() => move(systemBook('bank'), accountBook(A, 'cash'), USD, dec('-1'))).toThrow(LedgerError);
  });

  it('a deposit lifecycle ends in settled cash; a return leaves nothing; a withdrawal leaves nothing held', () => {
    const amt = dec('100.00');
    let b = applyPostings(new Map(), [...depositStarted(A, amt), ...depositSettled(A, amt)]);
    expect(b.get(balanceKey(A, 'cash', USD))!.eq(amt)).toBe(true);
    expect(b.get(balanceKey(A, 'cash_pending', USD))!.isZero()).toBe(true);
    expect(b.get(balanceKey(null, 'bank', USD))!.eq(amt.neg())).toBe(true);
    b = applyPostings(b, [...withdrawalStarted(A, dec('40.00')), ...withdrawalSettled(A, dec('40.00'))]);
    expect(b.get(balanceKey(A, 'cash', USD))!.toFixed(2)).toBe('60.00');
    expect(b.get(balanceKey(A, 'cash_held', USD))!.isZero()).toBe(true);
    const r = applyPostings(new Map(), [...depositStarted(A, amt), ...depositReturned(A, amt)]);
    expect([...r.values()].every((v) => v.isZero())).toBe(true);
    expect(overdrawn(b)).toBeNull();
  });

  it('overdrawn names a negative non-negative book, never cash_pending or the bank', () => {
    const b = applyPostings(new Map(), withdrawalStarted(A, dec('1.00')));
    expect(overdrawn(b)).toBe(balanceKey(A, 'cash', USD));
    const pendingOnly = new Map([[balanceKey(A, 'cash_pending', USD), new Decimal(-1)], [balanceKey(null, 'bank', USD), new Decimal(-5)]]);
    expect(overdrawn(pendingOnly)).toBeNull();
  });
});
