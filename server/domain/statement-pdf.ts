// A monthly statement as a PDF (pdfkit, the 14 standard fonts: nothing embedded, so a statement
// is a few kilobytes and renders in milliseconds). Pure: every figure, date and the generation
// instant come in the StatementData; nothing reads the clock, so the same data gives the same bytes.
//
// Also the statement's small rules, kept here next to the layout that prints them:
// - money prints as US dollars with thousands separators and cents: "$12,345.60", "-$412.37";
// - a lot sale is long term when it was sold on a New York calendar day after the one-year
//   anniversary of the day it was bought ("more than one year", IRS Publication 550): bought
//   2025-03-10, sold 2026-03-10 is short term, sold 2026-03-11 is long term. A lot bought on
//   Feb 29 reaches its anniversary on Feb 28 of the next year (addMonths clamps to the month's end).
import PDFDocument from 'pdfkit';
import { addMonths, type IsoDate } from './calendar.ts';
import { Decimal, moneyString, quantityString } from './money.ts';
import { BOLD, FONT, PdfLayout } from './pdf-layout.ts';

export type HoldingTerm = 'short' | 'long';

/** Short or long term by New York calendar dates of purchase and sale (see the header). */
export function holdingTerm(acquired: IsoDate, sold: IsoDate): HoldingTerm {
  return sold > addMonths(acquired, 12) ? 'long' : 'short';
}

/** "$1,234.56"; negatives "-$1,234.56". Rounded to the cent half-even first (moneyString). */
export function formatUsd(d: Decimal): string {
  const text = moneyString(d);
  const negative = text.startsWith('-') && text !== '-0.00';
  const [whole, cents] = text.replace('-', '').split('.') as [string, string];
  return `${negative ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

export interface StatementTransaction {
  date: IsoDate;
  type: string;
  description: string;
  /** Signed from the account's side: deposits and sales positive, buys and withdrawals negative. */
  amount: Decimal;
}

export interface StatementHolding {
  symbol: string;
  quantity: Decimal;
  /** The price the holding is valued at: the last session close of the period. */
  price: Decimal;
  marketValue: Decimal;
  costBasis: Decimal;
}

export interface StatementRealizedGain {
  date: IsoDate;
  symbol: string;
  quantity: Decimal;
  acquired: IsoDate;
  proceeds: Decimal;
  costBasis: Decimal;
  gain: Decimal;
  term: HoldingTerm;
}

export interface StatementHarvest {
  date: IsoDate;
  soldSymbol: string;
  replacementSymbol: string;
  quantity: Decimal;
  proceeds: Decimal;
  realizedLoss: Decimal;
}

export interface StatementData {
  accountNumber: string;
  owner: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  /** When the statement was produced (tenant time); printed and used as the PDF's creation date. */
  generatedAt: Date;
  openingCash: Decimal;
  closingCash: Decimal;
  openingMarketValue: Decimal;
  closingMarketValue: Decimal;
  /** Oldest first. */
  transactions: StatementTransaction[];
  holdings: StatementHolding[];
  realized: StatementRealizedGain[];
  harvests: StatementHarvest[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "October 31, 2026". */
export const longDate = (d: IsoDate) => `${MONTHS[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8, 10))}, ${d.slice(0, 4)}`;

const sum = (xs: Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));

/** The statement as PDF bytes. */
export function renderStatementPdf(s: StatementData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 50,
    compress: true,
    info: {
      Title: `Finos statement ${s.accountNumber} ${s.periodStart.slice(0, 7)}`,
      Author: 'Finos',
      Subject: `Account statement, ${longDate(s.periodStart)} to ${longDate(s.periodEnd)}`,
      CreationDate: s.generatedAt,
      ModDate: s.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const l = new PdfLayout(doc);
  renderHeader(l, s);
  renderSummary(l, s);
  renderTransactions(l, s);
  renderHoldings(l, s);
  renderRealized(l, s);
  renderHarvests(l, s);

  doc.end();
  return done;
}

function renderHeader(l: PdfLayout, s: StatementData): void {
  const { doc, left, width } = l;
  doc.font(BOLD).fontSize(20).text('Finos', left, doc.y, { width });
  doc.font(FONT).fontSize(11).text('Monthly account statement', { width });
  doc.moveDown(0.8);
  const facts = l.cols([['', 0.25, 'left'], ['', 0.75, 'left', 'wrap']]);
  l.row(facts, ['Account number', s.accountNumber]);
  l.row(facts, ['Account owner', s.owner]);
  l.row(facts, ['Statement period', `${longDate(s.periodStart)} to ${longDate(s.periodEnd)}`]);
  l.row(facts, ['Produced', `${s.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`]);
}

function renderSummary(l: PdfLayout, s: StatementData): void {
  l.heading('Account summary');
  const summary = l.cols([['', 0.4, 'left'], [`Opening (${longDate(s.periodStart)})`, 0.3, 'right'], [`Closing (${longDate(s.periodEnd)})`, 0.3, 'right']]);
  l.table(
    summary,
    [
      ['Cash', formatUsd(s.openingCash), formatUsd(s.closingCash)],
      ['Market value of holdings', formatUsd(s.openingMarketValue), formatUsd(s.closingMarketValue)],
    ],
    ['Total', formatUsd(s.openingCash.plus(s.openingMarketValue)), formatUsd(s.closingCash.plus(s.closingMarketValue))],
  );
  l.note('Cash includes settled cash, cash from sales and deposits not yet settled, and cash reserved for open orders and pending withdrawals. Holdings are valued at the last market close on or before each date.');
}

function renderTransactions(l: PdfLayout, s: StatementData): void {
  l.heading('Transactions');
  if (s.transactions.length === 0) l.note('No transactions in this period.');
  else {
    l.table(
      l.cols([['Date', 0.14, 'left'], ['Type', 0.12, 'left'], ['Description', 0.56, 'left', 'wrap'], ['Amount', 0.18, 'right']]),
      s.transactions.map((t) => [t.date, t.type, t.description, formatUsd(t.amount)]),
      ['', '', 'Net cash flow', formatUsd(sum(s.transactions.map((t) => t.amount)))],
    );
  }
}

function renderHoldings(l: PdfLayout, s: StatementData): void {
  l.heading(`Holdings on ${longDate(s.periodEnd)}`);
  if (s.holdings.length === 0) l.note('No holdings at the end of this period.');
  else {
    l.table(
      l.cols([['Symbol', 0.12, 'left'], ['Quantity', 0.14, 'right'], ['Price', 0.14, 'right'], ['Market value', 0.2, 'right'], ['Cost basis', 0.2, 'right'], ['Unrealized gain', 0.2, 'right']]),
      s.holdings.map((h) => [h.symbol, quantityString(h.quantity), formatUsd(h.price), formatUsd(h.marketValue), formatUsd(h.costBasis), formatUsd(h.marketValue.minus(h.costBasis))]),
      ['Total', '', '', formatUsd(sum(s.holdings.map((h) => h.marketValue))), formatUsd(sum(s.holdings.map((h) => h.costBasis))),
        formatUsd(sum(s.holdings.map((h) => h.marketValue.minus(h.costBasis))))],
    );
  }
}

function renderRealized(l: PdfLayout, s: StatementData): void {
  l.heading('Realized gains and losses');
  const shortTerm = sum(s.realized.filter((r) => r.term === 'short').map((r) => r.gain));
  const longTerm = sum(s.realized.filter((r) => r.term === 'long').map((r) => r.gain));
  l.table(l.cols([['', 0.5, 'left'], ['Gain or loss', 0.5, 'right']]), [
    ['Short term (held one year or less)', formatUsd(shortTerm)],
    ['Long term (held more than one year)', formatUsd(longTerm)],
  ], ['Total realized', formatUsd(shortTerm.plus(longTerm))]);
  if (s.realized.length > 0) {
    l.doc.moveDown(0.5);
    l.table(
      l.cols([['Sold', 0.12, 'left'], ['Symbol', 0.09, 'left'], ['Quantity', 0.11, 'right'], ['Acquired', 0.12, 'left'], ['Proceeds', 0.15, 'right'], ['Cost basis', 0.15, 'right'], ['Gain', 0.15, 'right'], ['Term', 0.11, 'right']]),
      s.realized.map((r) => [r.date, r.symbol, quantityString(r.quantity), r.acquired, formatUsd(r.proceeds), formatUsd(r.costBasis), formatUsd(r.gain), r.term]),
    );
  }
}

function renderHarvests(l: PdfLayout, s: StatementData): void {
  l.heading('Tax-loss harvesting');
  if (s.harvests.length === 0) l.note('No tax-loss harvests in this period.');
  else {
    l.note(`${s.harvests.length} harvest${s.harvests.length === 1 ? '' : 's'} realized ${formatUsd(sum(s.harvests.map((h) => h.realizedLoss)))} of losses, each replaced by an alternate of the same asset class.`);
    l.doc.moveDown(0.3);
    l.table(
      l.cols([['Date', 0.14, 'left'], ['Sold', 0.14, 'left'], ['Bought', 0.14, 'left'], ['Quantity', 0.14, 'right'], ['Proceeds', 0.22, 'right'], ['Realized loss', 0.22, 'right']]),
      s.harvests.map((h) => [h.date, h.soldSymbol, h.replacementSymbol, quantityString(h.quantity), formatUsd(h.proceeds), formatUsd(h.realizedLoss)]),
      ['Total', '', '', '', formatUsd(sum(s.harvests.map((h) => h.proceeds))), formatUsd(sum(s.harvests.map((h) => h.realizedLoss)))],
    );
  }
}
