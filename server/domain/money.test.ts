import { describe, expect, it } from 'vitest';
import { dec, moneyString, parseMoney, parseQuantity, quantityString, toCents, toCentsUp, toShares } from './money.ts';

describe('money', () => {
  it('rounds cash half-even to cents', () => {
    expect(moneyString(dec('2.345'))).toBe('2.34');
    expect(moneyString(dec('2.355'))).toBe('2.36');
    expect(moneyString(dec('-2.345'))).toBe('-2.34');
    expect(toCents(dec('0.005')).toFixed(2)).toBe('0.00');
  });
  it('rounds reservations up and shares down', () => {
    expect(toCentsUp(dec('10.001')).toFixed(2)).toBe('10.01');
    expect(toShares(dec('1.23459')).toFixed()).toBe('1.2345');
    expect(quantityString(dec('5.0000'))).toBe('5');
  });
  it('is exact where floats are not', () => {
    expect(dec('0.1').plus('0.2').eq('0.3')).toBe(true);
    expect(moneyString(dec('195.93').times('0.2'))).toBe('39.19');
  });
  it('refuses floats and malformed strings, naming the field', () => {
    expect(() => dec(0.1)).toThrow(/float/);
    expect(() => parseMoney('1.234', 'amount')).toThrow(/amount/);
    expect(() => parseQuantity('1.23456', 'quantity')).toThrow(/quantity/);
    expect(parseMoney('202.00', 'amount').toFixed(2)).toBe('202.00');
  });
});
