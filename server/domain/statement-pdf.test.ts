import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Decimal } from './money.ts';
import { formatUsd, holdingTerm, renderStatementPdf, type StatementData } from './statement-pdf.ts';

const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

/** The PDF's text as poppler reads it (layout mode keeps each table row on one line). */
function pdfText(pdf: Buffer): string {
  const r = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8');
}

const d = (s: string) => new Decimal(s);

const fixture: StatementData = {
  accountNumber: 'FOBN93628174',
  owner: 'Ada Lovelace',
  periodStart: '2026-10-01',
  periodEnd: '2026-10-31',
  generatedAt: new Date('2026-11-01T04:00:00Z'),
  openingCash: d('0'),
  closingCash: d('8791.45'),
  openingMarketValue: d('0'),
  closingMarketValue: d('1234.5'),
  transactions: [
    { date: '2026-10-05', type: 'deposit', description: 'Deposit from checking', amount: d('10000') },
    { date: '2026-10-06', type: 'trade', description: 'Bought 3 AAPL at 402.85', amount: d('-1208.55') },
  ],
  holdings: [{ symbol: 'AAPL', quantity: d('3'), price: d('411.50'), marketValue: d('1234.50'), costBasis: d('1208.55') }],
  realized: [
    { date: '2026-10-20', symbol: 'KO', quantity: d('2'), acquired: '2025-10-19', proceeds: d('130'), costBasis: d('120'), gain: d('10'), term: 'long' },
    { date: '2026-10-21', symbol: 'PFE', quantity: d('1.5'), acquired: '2026-10-02', proceeds: d('40'), costBasis: d('45.25'), gain: d('-5.25'), term: 'short' },
  ],
  harvests: [{ date: '2026-10-21', soldSymbol: 'VTI', replacementSymbol: 'SCHB', quantity: d('4'), proceeds: d('1100'), realizedLoss: d('-412.37') }],
};

describe('formatUsd', () => {
  it('prints dollars with thousands separators and cents, half-even to the cent', () => {
    expect(formatUsd(d('0'))).toBe('$0.00');
    expect(formatUsd(d('1234567.891'))).toBe('$1,234,567.89');
    expect(formatUsd(d('999.995'))).toBe('$1,000.00');
    expect(formatUsd(d('0.125'))).toBe('$0.12');
    expect(formatUsd(d('-412.37'))).toBe('-$412.37');
    expect(formatUsd(d('-0.004'))).toBe('$0.00');
  });
});

describe('holdingTerm', () => {
  it('is long term only when sold after the one-year anniversary of the purchase day', () => {
    expect(holdingTerm('2025-03-10', '2026-03-10')).toBe('short');
    expect(holdingTerm('2025-03-10', '2026-03-11')).toBe('long');
    expect(holdingTerm('2026-01-02', '2026-12-31')).toBe('short');
    // Bought on a leap day: the anniversary is Feb 28.
    expect(holdingTerm('2024-02-29', '2025-02-28')).toBe('short');
    expect(holdingTerm('2024-02-29', '2025-03-01')).toBe('long');
  });
});

describe('renderStatementPdf', () => {
  it('renders a PDF, the same bytes for the same data', async () => {
    const a = await renderStatementPdf(fixture);
    const b = await renderStatementPdf(fixture);
    expect(a.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    expect(a.length).toBeLessThan(20_000);
  });

  it.skipIf(!hasPdftotext)('shows Finos, the account, owner, period, balances, transactions, holdings, gains and harvests (pdftotext)', async () => {
    const text = pdfText(await renderStatementPdf(fixture));
    for (const s of [
      'Finos', 'FOBN93628174', 'Ada Lovelace', 'October 1, 2026 to October 31, 2026',
      '$8,791.45', '$1,234.50', '$10,025.95', // closing cash, market value, total
      'Deposit from checking', '$10,000.00', 'Bought 3 AAPL at 402.85', '-$1,208.55',
      'AAPL', '$411.50', '$1,208.55', '$25.95', // holding: price, basis, unrealized gain
      'Short term (held one year or less)', '-$5.25', 'Long term (held more than one year)', '$10.00',
      'VTI', 'SCHB', '-$412.37', '1 harvest realized -$412.37',
    ]) expect(text, s).toContain(s);
    // Table rows stay together in layout mode.
    expect(text).toMatch(/Cash\s+\$0\.00\s+\$8,791\.45/);
    expect(text).toMatch(/Short term \(held one year or less\)\s+-\$5\.25/);
  });

  it.skipIf(!hasPdftotext)('says so when a section is empty, and breaks long transaction lists across pages', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ date: '2026-10-05', type: 'trade', description: `Bought ${i + 1} KO at 61.00`, amount: d(String(-(i + 1) * 61)) }));
    const pdf = await renderStatementPdf({ ...fixture, transactions: many, holdings: [], realized: [], harvests: [] });
    const text = pdfText(pdf);
    expect(text).toContain('No holdings at the end of this period.');
    expect(text).toContain('No tax-loss harvests in this period.');
    expect(text).toContain('Bought 120 KO at 61.00');
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    // The continued table repeats its column titles at the top of the next page.
    expect(pages[1]!.trimStart()).toMatch(/^Date\s+Type\s+Description\s+Amount/);
  });
});
