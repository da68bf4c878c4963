// The symbol universe the simulated market quotes: every S&P 500 constituent and the most-traded
// US ETFs (listed in universe-data.ts), with the inputs the simulation and the stats derive from.
// Seventy of them (every ETF of the default asset classes, a few broad funds and large US stocks)
// have hand-tuned inputs below; their prices never change with the list. Every other symbol's
// inputs are drawn from its ticker alone (`derivedEntry`), within ranges typical of its sector or
// fund profile, so they too are the same on every machine and whatever else is listed.
//
// The figures are rounded, approximate public numbers (about the end of 2025) chosen to make the
// simulation look plausible; they are simulation inputs, not market data. Conventions:
// - `base_price` is the simulated close on ANCHOR_DATE; the random walk runs both ways from it.
// - `mu`/`sigma` are annual drift and volatility; `factor`/`rho` tie a symbol's daily moves to a
//   shared factor (asset classes move together, so primary and secondary ETFs stay correlated).
// - Dividends are quarterly for every payer, bond ETFs included (they really pay monthly; the
//   simulation keeps one cadence for simplicity). The ex-dividend date is the first trading day
//   on or after the 10th of each pay month; payment follows 7 calendar days later.
// - Company fundamentals are trailing-twelve-month dollars; `null` where a figure is not
//   meaningful (gross margin and EBITDA for banks, book value for negative-equity companies).
//   Funds carry no fundamentals.
// - Short interest is `short_percent_of_float` × float (1% unless given); `float_percent` is
//   the share of outstanding shares that trade freely (99% unless given).
// - An asset's id is a UUID (v7 layout) hashed from its symbol, so it never changes when the list does.

import { createHash } from 'node:crypto';
import { ETF_LINES, STOCK_LINES } from './universe-data.ts';

export const ANCHOR_DATE = '2025-12-31';

export type MarketFactor = 'us-equity' | 'intl-equity' | 'em-equity' | 'energy' | 'real-estate' | 'muni-bond' | 'em-bond' | 'corp-bond' | 'agg-bond'
  | 'gold' | 'commodity' | 'crypto';

export interface Fundamentals {
  revenue: number;
  gross_margin: number | null;
  ebitda_margin: number | null;
  /** Shareholders' equity (book value); null when negative. */
  equity: number | null;
  assets: number;
  cash: number;
  debt: number;
  employees: number;
}

export interface UniverseEntry {
  symbol: string;
  name: string;
  /** Short code, as orders report it (`NASDAQ`, `NYSE`, `ARCA` for NYSE Arca, `BATS` for Cboe BZX). */
  exchange: 'NASDAQ' | 'NYSE' | 'ARCA' | 'BATS';
  /** The long name quotes show (`Nasdaq Global Select`). */
  primary_exchange: string;
  /** A stock's sector; null for funds. */
  sector: string | null;
  /** A fund's category (`Large Blend`, `Sector: Technology`, `Commodities: Gold`); null for stocks. */
  category: string | null;
  type: 'stock' | 'etf';
  shares_outstanding: number;
  float_percent: number;
  short_percent_of_float: number;
  /** Trailing-twelve-month EPS; null for funds. */
  eps_ttm: number | null;
  /** Annual dividend per share in dollars (0 when none). */
  dividend_rate: number;
  pay_months: readonly number[];
  mu: number;
  sigma: number;
  beta: number;
  factor: MarketFactor;
  rho: number;
  base_price: number;
  average_volume: number;
  fundamentals: Fundamentals | null;
}

const LONG_EXCHANGE = { NASDAQ: 'Nasdaq Global Select', NYSE: 'New York Stock Exchange', ARCA: 'NYSE Arca', BATS: 'Cboe BZX' } as const;
const QUARTERLY_MAR = [3, 6, 9, 12] as const;
const QUARTERLY_FEB = [2, 5, 8, 11] as const;
const QUARTERLY_JAN = [1, 4, 7, 10] as const;
const B = 1e9;
const M = 1e6;

type EtfRow = [symbol: string, name: string, exchange: UniverseEntry['exchange'], price: number, dividend: number, shares: number, volume: number, factor: MarketFactor, mu: number, sigma: number, beta: number, rho: number];

function etf([symbol, name, exchange, price, dividend, shares, volume, factor, mu, sigma, beta, rho]: EtfRow): UniverseEntry {
  return {
    symbol, name, exchange, primary_exchange: LONG_EXCHANGE[exchange], sector: null, category: null, type: 'etf',
    shares_outstanding: shares, float_percent: 1, short_percent_of_float: 0.01, eps_ttm: null,
    dividend_rate: dividend, pay_months: QUARTERLY_MAR, mu, sigma, beta, factor, rho,
    base_price: price, average_volume: volume, fundamentals: null,
  };
}

interface StockSpec {
  symbol: string; name: string; exchange: UniverseEntry['exchange']; sector: string; price: number;
  shares: number; eps: number; dividend?: number; months?: readonly number[]; volume: number;
  mu?: number; sigma: number; beta: number; rho?: number; float_percent?: number; short?: number;
  f: Fundamentals;
}

function stock(s: StockSpec): UniverseEntry {
  return {
    symbol: s.symbol, name: s.name, exchange: s.exchange, primary_exchange: LONG_EXCHANGE[s.exchange],
    sector: s.sector, category: null, type: 'stock', shares_outstanding: s.shares, float_percent: s.float_percent ?? 0.99,
    short_percent_of_float: s.short ?? 0.01, eps_ttm: s.eps, dividend_rate: s.dividend ?? 0,
    pay_months: s.months ?? QUARTERLY_MAR, mu: s.mu ?? 0.08, sigma: s.sigma, beta: s.beta,
    factor: 'us-equity', rho: s.rho ?? 0.6, base_price: s.price, average_volume: s.volume, fundamentals: s.f,
  };
}

const f = (revenue: number, gross_margin: number | null, ebitda_margin: number | null, equity: number | null, assets: number, cash: number, debt: number, employees: number): Fundamentals =>
  ({ revenue, gross_margin, ebitda_margin, equity, assets, cash, debt, employees });

// The default asset classes' ETFs first (primary, then secondaries), then a few broad funds.
const ETFS: EtfRow[] = [
  ['VTI', 'Vanguard Total Stock Market ETF', 'ARCA', 335.2, 3.62, 1.66 * B, 3.5 * M, 'us-equity', 0.08, 0.16, 1.0, 0.99],
  ['SCHB', 'Schwab U.S. Broad Market ETF', 'ARCA', 25.9, 0.29, 1.42 * B, 5 * M, 'us-equity', 0.08, 0.16, 1.0, 0.99],
  ['ITOT', 'iShares Core S&P Total U.S. Stock Market ETF', 'ARCA', 145.1, 1.72, 530 * M, 1.5 * M, 'us-equity', 0.08, 0.16, 1.0, 0.99],
  ['SCHF', 'Schwab International Equity ETF', 'ARCA', 23.4, 0.75, 2.26 * B, 10 * M, 'intl-equity', 0.06, 0.15, 0.85, 0.98],
  ['VEA', 'Vanguard FTSE Developed Markets ETF', 'ARCA', 60.3, 1.8, 3.0 * B, 12 * M, 'intl-equity', 0.06, 0.15, 0.85, 0.98],
  ['IXUS', 'iShares Core MSCI Total International Stock ETF', 'NASDAQ', 80.4, 2.0, 600 * M, 1.5 * M, 'intl-equity', 0.06, 0.15, 0.85, 0.97],
  ['VWO', 'Vanguard FTSE Emerging Markets ETF', 'ARCA', 53.1, 1.5, 1.9 * B, 9 * M, 'em-equity', 0.07, 0.19, 0.8, 0.98],
  ['IEMG', 'iShares Core MSCI Emerging Markets ETF', 'ARCA', 65.2, 1.5, 1.6 * B, 9 * M, 'em-equity', 0.07, 0.19, 0.8, 0.98],
  ['SCHE', 'Schwab Emerging Markets Equity ETF', 'ARCA', 31.3, 0.9, 355 * M, 1.5 * M, 'em-equity', 0.07, 0.19, 0.8, 0.97],
  ['VIG', 'Vanguard Dividend Appreciation ETF', 'ARCA', 215.4, 3.4, 456 * M, 1 * M, 'us-equity', 0.07, 0.14, 0.85, 0.9],
  ['SCHD', 'Schwab U.S. Dividend Equity ETF', 'ARCA', 27.3, 1.03, 2.6 * B, 15 * M, 'us-equity', 0.07, 0.14, 0.8, 0.85],
  ['DVY', 'iShares Select Dividend ETF', 'NASDAQ', 138.2, 4.8, 145 * M, 0.5 * M, 'us-equity', 0.06, 0.15, 0.8, 0.8],
  ['VDE', 'Vanguard Energy ETF', 'ARCA', 125.6, 3.8, 56 * M, 0.5 * M, 'energy', 0.06, 0.25, 1.0, 0.99],
  ['XLE', 'Energy Select Sector SPDR Fund', 'ARCA', 88.4, 3.1, 307 * M, 15 * M, 'energy', 0.06, 0.25, 1.0, 0.99],
  ['VNQ', 'Vanguard Real Estate ETF', 'ARCA', 89.3, 3.6, 393 * M, 5 * M, 'real-estate', 0.06, 0.2, 1.0, 0.99],
  ['IYR', 'iShares U.S. Real Estate ETF', 'ARCA', 95.2, 2.3, 39 * M, 6 * M, 'real-estate', 0.06, 0.2, 1.0, 0.98],
  ['SCHH', 'Schwab U.S. REIT ETF', 'ARCA', 21.1, 0.65, 400 * M, 6 * M, 'real-estate', 0.06, 0.2, 1.0, 0.98],
  ['VTEB', 'Vanguard Tax-Exempt Bond ETF', 'ARCA', 50.2, 1.7, 800 * M, 4 * M, 'muni-bond', 0.03, 0.05, 0.1, 0.97],
  ['TFI', 'SPDR Nuveen ICE Municipal Bond ETF', 'ARCA', 46.1, 1.4, 70 * M, 0.4 * M, 'muni-bond', 0.03, 0.05, 0.1, 0.96],
  ['MUB', 'iShares National Muni Bond ETF', 'ARCA', 106.3, 3.1, 387 * M, 4 * M, 'muni-bond', 0.03, 0.05, 0.1, 0.97],
  ['EMB', 'iShares J.P. Morgan USD Emerging Markets Bond ETF', 'NASDAQ', 96.2, 4.8, 177 * M, 5 * M, 'em-bond', 0.04, 0.09, 0.3, 0.97],
  ['PCY', 'Invesco Emerging Markets Sovereign Debt ETF', 'ARCA', 21.3, 1.4, 62 * M, 0.4 * M, 'em-bond', 0.04, 0.1, 0.3, 0.95],
  ['EMLC', 'VanEck J.P. Morgan EM Local Currency Bond ETF', 'ARCA', 26.1, 1.4, 135 * M, 1.5 * M, 'em-bond', 0.03, 0.11, 0.35, 0.85],
  ['LQD', 'iShares iBoxx $ Investment Grade Corporate Bond ETF', 'ARCA', 110.4, 4.7, 273 * M, 30 * M, 'corp-bond', 0.035, 0.08, 0.2, 0.98],
  ['VCIT', 'Vanguard Intermediate-Term Corporate Bond ETF', 'NASDAQ', 83.2, 3.7, 687 * M, 8 * M, 'corp-bond', 0.035, 0.06, 0.15, 0.96],
  ['SPIB', 'SPDR Portfolio Intermediate Term Corporate Bond ETF', 'ARCA', 34.0, 1.4, 309 * M, 2 * M, 'corp-bond', 0.035, 0.06, 0.15, 0.96],
  ['SPY', 'SPDR S&P 500 ETF Trust', 'ARCA', 681.9, 7.2, 1.01 * B, 65 * M, 'us-equity', 0.08, 0.16, 1.0, 0.99],
  ['QQQ', 'Invesco QQQ Trust', 'NASDAQ', 614.3, 3.4, 650 * M, 45 * M, 'us-equity', 0.1, 0.22, 1.15, 0.9],
  ['BND', 'Vanguard Total Bond Market ETF', 'NASDAQ', 74.1, 2.7, 1.89 * B, 7 * M, 'agg-bond', 0.03, 0.06, 0.05, 0.98],
  ['AGG', 'iShares Core U.S. Aggregate Bond ETF', 'ARCA', 100.2, 3.8, 1.3 * B, 8 * M, 'agg-bond', 0.03, 0.06, 0.05, 0.98],
];

const STOCKS: StockSpec[] = [
  { symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', sector: 'Technology', price: 271.9, shares: 14.8 * B, eps: 7.46, dividend: 1.04, months: QUARTERLY_FEB, volume: 50 * M, mu: 0.1, sigma: 0.28, beta: 1.2, f: f(416 * B, 0.47, 0.34, 74 * B, 359 * B, 55 * B, 99 * B, 166_000) },
  { symbol: 'MSFT', name: 'Microsoft Corporation', exchange: 'NASDAQ', sector: 'Technology', price: 484.2, shares: 7.43 * B, eps: 14.1, dividend: 3.64, volume: 20 * M, mu: 0.1, sigma: 0.25, beta: 1.1, f: f(293 * B, 0.69, 0.57, 363 * B, 636 * B, 102 * B, 60 * B, 228_000) },
  { symbol: 'GOOG', name: 'Alphabet Inc. Class C', exchange: 'NASDAQ', sector: 'Communication Services', price: 313.8, shares: 12.1 * B, eps: 10.1, dividend: 0.84, volume: 25 * M, mu: 0.1, sigma: 0.3, beta: 1.05, f: f(385 * B, 0.59, 0.4, 387 * B, 536 * B, 98 * B, 22 * B, 190_000) },
  { symbol: 'AMZN', name: 'Amazon.com, Inc.', exchange: 'NASDAQ', sector: 'Consumer Cyclical', price: 230.8, shares: 10.7 * B, eps: 7.0, volume: 40 * M, mu: 0.1, sigma: 0.32, beta: 1.3, f: f(691 * B, 0.5, 0.22, 369 * B, 727 * B, 94 * B, 58 * B, 1_550_000) },
  { symbol: 'META', name: 'Meta Platforms, Inc.', exchange: 'NASDAQ', sector: 'Communication Services', price: 660.1, shares: 2.52 * B, eps: 23.5, dividend: 2.1, volume: 12 * M, mu: 0.1, sigma: 0.38, beta: 1.25, f: f(190 * B, 0.82, 0.53, 217 * B, 303 * B, 44 * B, 29 * B, 78_000) },
  { symbol: 'NVDA', name: 'NVIDIA Corporation', exchange: 'NASDAQ', sector: 'Technology', price: 186.5, shares: 24.3 * B, eps: 4.0, dividend: 0.04, volume: 180 * M, mu: 0.15, sigma: 0.5, beta: 1.7, rho: 0.5, f: f(187 * B, 0.7, 0.62, 118 * B, 161 * B, 60 * B, 8.5 * B, 36_000) },
  { symbol: 'TSLA', name: 'Tesla, Inc.', exchange: 'NASDAQ', sector: 'Consumer Cyclical', price: 449.7, shares: 3.32 * B, eps: 1.5, volume: 90 * M, mu: 0.1, sigma: 0.55, beta: 2.0, rho: 0.45, float_percent: 0.87, short: 0.025, f: f(95 * B, 0.17, 0.14, 80 * B, 133 * B, 41 * B, 13 * B, 125_000) },
  { symbol: 'BRK.B', name: 'Berkshire Hathaway Inc. Class B', exchange: 'NYSE', sector: 'Financial Services', price: 502.7, shares: 2.16 * B, eps: 41.0, volume: 4 * M, mu: 0.08, sigma: 0.17, beta: 0.8, float_percent: 0.85, f: f(370 * B, null, null, 650 * B, 1150 * B, 350 * B, 125 * B, 392_000) },
  { symbol: 'JPM', name: 'JPMorgan Chase & Co.', exchange: 'NYSE', sector: 'Financial Services', price: 322.2, shares: 2.73 * B, eps: 20.0, dividend: 6.0, months: QUARTERLY_JAN, volume: 9 * M, sigma: 0.24, beta: 1.1, f: f(170 * B, null, null, 360 * B, 4500 * B, 500 * B, 450 * B, 318_000) },
  { symbol: 'V', name: 'Visa Inc.', exchange: 'NYSE', sector: 'Financial Services', price: 350.6, shares: 1.93 * B, eps: 10.2, dividend: 2.68, volume: 7 * M, sigma: 0.2, beta: 0.95, f: f(40 * B, 0.8, 0.7, 38 * B, 100 * B, 17 * B, 25 * B, 31_600) },
  { symbol: 'MA', name: 'Mastercard Incorporated', exchange: 'NYSE', sector: 'Financial Services', price: 570.9, shares: 0.9 * B, eps: 15.4, dividend: 3.48, volume: 3 * M, sigma: 0.21, beta: 1.05, f: f(31 * B, 0.77, 0.6, 7.5 * B, 50 * B, 9 * B, 19 * B, 35_300) },
  { symbol: 'JNJ', name: 'Johnson & Johnson', exchange: 'NYSE', sector: 'Healthcare', price: 207.1, shares: 2.41 * B, eps: 10.8, dividend: 5.2, volume: 8 * M, mu: 0.06, sigma: 0.16, beta: 0.5, rho: 0.4, f: f(92 * B, 0.69, 0.36, 79 * B, 193 * B, 19 * B, 44 * B, 138_000) },
  { symbol: 'UNH', name: 'UnitedHealth Group Incorporated', exchange: 'NYSE', sector: 'Healthcare', price: 330.4, shares: 0.906 * B, eps: 16.3, dividend: 8.84, volume: 10 * M, sigma: 0.35, beta: 0.6, rho: 0.35, f: f(435 * B, 0.2, 0.07, 97 * B, 310 * B, 30 * B, 78 * B, 400_000) },
  { symbol: 'XOM', name: 'Exxon Mobil Corporation', exchange: 'NYSE', sector: 'Energy', price: 120.3, shares: 4.27 * B, eps: 7.0, dividend: 4.12, volume: 15 * M, mu: 0.06, sigma: 0.24, beta: 0.8, rho: 0.4, f: f(330 * B, 0.3, 0.19, 260 * B, 450 * B, 13 * B, 41 * B, 61_000) },
  { symbol: 'CVX', name: 'Chevron Corporation', exchange: 'NYSE', sector: 'Energy', price: 150.2, shares: 2.0 * B, eps: 6.6, dividend: 6.84, volume: 8 * M, mu: 0.06, sigma: 0.25, beta: 0.85, rho: 0.4, f: f(190 * B, 0.35, 0.2, 185 * B, 320 * B, 6 * B, 40 * B, 45_000) },
  { symbol: 'PG', name: 'The Procter & Gamble Company', exchange: 'NYSE', sector: 'Consumer Defensive', price: 143.3, shares: 2.34 * B, eps: 6.9, dividend: 4.23, months: QUARTERLY_FEB, volume: 7 * M, mu: 0.06, sigma: 0.16, beta: 0.4, rho: 0.35, f: f(84 * B, 0.51, 0.28, 52 * B, 125 * B, 9 * B, 34 * B, 109_000) },
  { symbol: 'KO', name: 'The Coca-Cola Company', exchange: 'NYSE', sector: 'Consumer Defensive', price: 69.9, shares: 4.3 * B, eps: 2.9, dividend: 2.04, volume: 14 * M, mu: 0.06, sigma: 0.15, beta: 0.45, rho: 0.35, f: f(47 * B, 0.61, 0.36, 28 * B, 105 * B, 13 * B, 45 * B, 69_700) },
  { symbol: 'PEP', name: 'PepsiCo, Inc.', exchange: 'NASDAQ', sector: 'Consumer Defensive', price: 143.5, shares: 1.37 * B, eps: 5.9, dividend: 5.69, months: QUARTERLY_JAN, volume: 7 * M, mu: 0.05, sigma: 0.18, beta: 0.45, rho: 0.35, f: f(92 * B, 0.54, 0.18, 19 * B, 101 * B, 8 * B, 48 * B, 318_000) },
  { symbol: 'WMT', name: 'Walmart Inc.', exchange: 'NASDAQ', sector: 'Consumer Defensive', price: 111.4, shares: 7.97 * B, eps: 2.7, dividend: 0.94, volume: 18 * M, mu: 0.08, sigma: 0.2, beta: 0.5, rho: 0.4, float_percent: 0.55, f: f(700 * B, 0.25, 0.06, 97 * B, 270 * B, 9 * B, 60 * B, 2_100_000) },
  { symbol: 'HD', name: 'The Home Depot, Inc.', exchange: 'NYSE', sector: 'Consumer Cyclical', price: 344.7, shares: 0.995 * B, eps: 14.6, dividend: 9.2, volume: 4 * M, sigma: 0.22, beta: 1.0, f: f(165 * B, 0.33, 0.16, 12 * B, 98 * B, 2 * B, 60 * B, 470_000) },
  { symbol: 'COST', name: 'Costco Wholesale Corporation', exchange: 'NASDAQ', sector: 'Consumer Defensive', price: 870.3, shares: 0.443 * B, eps: 18.2, dividend: 5.2, months: QUARTERLY_FEB, volume: 2 * M, sigma: 0.2, beta: 0.8, f: f(275 * B, 0.13, 0.045, 29 * B, 77 * B, 14 * B, 8 * B, 341_000) },
  { symbol: 'DIS', name: 'The Walt Disney Company', exchange: 'NYSE', sector: 'Communication Services', price: 113.2, shares: 1.8 * B, eps: 6.0, dividend: 1.5, months: [1, 7], volume: 9 * M, mu: 0.06, sigma: 0.27, beta: 1.2, f: f(94 * B, 0.37, 0.2, 110 * B, 197 * B, 6 * B, 42 * B, 231_000) },
  { symbol: 'NFLX', name: 'Netflix, Inc.', exchange: 'NASDAQ', sector: 'Communication Services', price: 94.1, shares: 4.23 * B, eps: 2.5, volume: 30 * M, mu: 0.1, sigma: 0.35, beta: 1.3, rho: 0.45, f: f(44 * B, 0.47, 0.3, 26 * B, 55 * B, 9 * B, 15 * B, 14_000) },
  { symbol: 'ADBE', name: 'Adobe Inc.', exchange: 'NASDAQ', sector: 'Technology', price: 350.3, shares: 0.42 * B, eps: 16.7, volume: 3.5 * M, sigma: 0.3, beta: 1.2, f: f(23.7 * B, 0.89, 0.4, 12 * B, 29 * B, 6 * B, 6 * B, 30_700) },
  { symbol: 'CRM', name: 'Salesforce, Inc.', exchange: 'NYSE', sector: 'Technology', price: 265.2, shares: 0.95 * B, eps: 6.9, dividend: 1.66, volume: 7 * M, sigma: 0.3, beta: 1.25, f: f(40 * B, 0.78, 0.3, 60 * B, 100 * B, 15 * B, 11 * B, 76_000) },
  { symbol: 'INTC', name: 'Intel Corporation', exchange: 'NASDAQ', sector: 'Technology', price: 37.1, shares: 4.7 * B, eps: -0.6, volume: 90 * M, mu: 0.04, sigma: 0.45, beta: 1.1, rho: 0.4, short: 0.03, f: f(53 * B, 0.34, 0.15, 106 * B, 200 * B, 30 * B, 50 * B, 88_000) },
  { symbol: 'AMD', name: 'Advanced Micro Devices, Inc.', exchange: 'NASDAQ', sector: 'Technology', price: 214.2, shares: 1.62 * B, eps: 2.0, volume: 45 * M, mu: 0.12, sigma: 0.5, beta: 1.8, rho: 0.5, short: 0.02, f: f(32 * B, 0.5, 0.18, 60 * B, 75 * B, 7 * B, 3 * B, 28_000) },
  { symbol: 'CSCO', name: 'Cisco Systems, Inc.', exchange: 'NASDAQ', sector: 'Technology', price: 77.0, shares: 3.95 * B, eps: 2.6, dividend: 1.64, months: QUARTERLY_JAN, volume: 20 * M, mu: 0.07, sigma: 0.22, beta: 0.9, f: f(57 * B, 0.65, 0.28, 47 * B, 122 * B, 16 * B, 28 * B, 86_000) },
  { symbol: 'ORCL', name: 'Oracle Corporation', exchange: 'NYSE', sector: 'Technology', price: 195.1, shares: 2.85 * B, eps: 4.3, dividend: 2.0, months: QUARTERLY_JAN, volume: 20 * M, mu: 0.1, sigma: 0.4, beta: 1.3, rho: 0.5, float_percent: 0.6, f: f(61 * B, 0.68, 0.4, 25 * B, 180 * B, 10 * B, 105 * B, 162_000) },
  { symbol: 'BAC', name: 'Bank of America Corporation', exchange: 'NYSE', sector: 'Financial Services', price: 55.0, shares: 7.3 * B, eps: 3.8, dividend: 1.12, volume: 38 * M, sigma: 0.27, beta: 1.3, f: f(105 * B, null, null, 300 * B, 3400 * B, 300 * B, 300 * B, 213_000) },
  { symbol: 'WFC', name: 'Wells Fargo & Company', exchange: 'NYSE', sector: 'Financial Services', price: 93.2, shares: 3.2 * B, eps: 6.3, dividend: 1.8, volume: 16 * M, sigma: 0.28, beta: 1.2, f: f(83 * B, null, null, 180 * B, 2000 * B, 200 * B, 170 * B, 210_000) },
  { symbol: 'PFE', name: 'Pfizer Inc.', exchange: 'NYSE', sector: 'Healthcare', price: 24.9, shares: 5.69 * B, eps: 1.4, dividend: 1.72, volume: 40 * M, mu: 0.04, sigma: 0.22, beta: 0.6, rho: 0.35, f: f(63 * B, 0.72, 0.33, 90 * B, 210 * B, 13 * B, 62 * B, 81_000) },
  { symbol: 'MRK', name: 'Merck & Co., Inc.', exchange: 'NYSE', sector: 'Healthcare', price: 105.3, shares: 2.5 * B, eps: 7.6, dividend: 3.24, months: QUARTERLY_JAN, volume: 12 * M, mu: 0.06, sigma: 0.22, beta: 0.4, rho: 0.35, f: f(64 * B, 0.78, 0.45, 50 * B, 120 * B, 14 * B, 38 * B, 74_000) },
  { symbol: 'ABBV', name: 'AbbVie Inc.', exchange: 'NYSE', sector: 'Healthcare', price: 228.4, shares: 1.77 * B, eps: 2.4, dividend: 6.92, months: QUARTERLY_FEB, volume: 6 * M, mu: 0.07, sigma: 0.22, beta: 0.55, rho: 0.35, f: f(59 * B, 0.7, 0.35, null, 135 * B, 5 * B, 68 * B, 55_000) },
  { symbol: 'LLY', name: 'Eli Lilly and Company', exchange: 'NYSE', sector: 'Healthcare', price: 1075.6, shares: 0.946 * B, eps: 20.0, dividend: 6.0, volume: 4 * M, mu: 0.12, sigma: 0.32, beta: 0.45, rho: 0.35, float_percent: 0.89, f: f(60 * B, 0.83, 0.45, 20 * B, 100 * B, 9 * B, 40 * B, 47_000) },
  { symbol: 'T', name: 'AT&T Inc.', exchange: 'NYSE', sector: 'Communication Services', price: 24.8, shares: 7.15 * B, eps: 2.2, dividend: 1.11, months: QUARTERLY_FEB, volume: 35 * M, mu: 0.05, sigma: 0.2, beta: 0.6, rho: 0.35, f: f(124 * B, 0.6, 0.37, 110 * B, 400 * B, 10 * B, 130 * B, 140_000) },
  { symbol: 'VZ', name: 'Verizon Communications Inc.', exchange: 'NYSE', sector: 'Communication Services', price: 40.7, shares: 4.22 * B, eps: 4.4, dividend: 2.76, months: QUARTERLY_FEB, volume: 20 * M, mu: 0.04, sigma: 0.18, beta: 0.4, rho: 0.3, f: f(137 * B, 0.59, 0.35, 103 * B, 385 * B, 8 * B, 145 * B, 100_000) },
  { symbol: 'NKE', name: 'NIKE, Inc.', exchange: 'NYSE', sector: 'Consumer Cyclical', price: 63.7, shares: 1.48 * B, eps: 1.7, dividend: 1.64, months: QUARTERLY_JAN, volume: 15 * M, mu: 0.06, sigma: 0.32, beta: 1.1, float_percent: 0.78, short: 0.03, f: f(46 * B, 0.42, 0.08, 13 * B, 37 * B, 9 * B, 8 * B, 77_800) },
  { symbol: 'MCD', name: "McDonald's Corporation", exchange: 'NYSE', sector: 'Consumer Cyclical', price: 305.2, shares: 0.713 * B, eps: 11.9, dividend: 7.44, volume: 3.5 * M, mu: 0.07, sigma: 0.17, beta: 0.55, rho: 0.4, f: f(26 * B, 0.57, 0.55, null, 57 * B, 1.5 * B, 40 * B, 150_000) },
  { symbol: 'IBM', name: 'International Business Machines Corporation', exchange: 'NYSE', sector: 'Technology', price: 299.8, shares: 0.935 * B, eps: 7.5, dividend: 6.72, volume: 4.5 * M, mu: 0.07, sigma: 0.24, beta: 0.7, rho: 0.45, f: f(65 * B, 0.58, 0.25, 27 * B, 145 * B, 14 * B, 63 * B, 270_000) },
];

const TUNED: readonly UniverseEntry[] = [...ETFS.map(etf), ...STOCKS.map(stock)];

// ---- the rest of the listed universe, its inputs derived from each ticker ----

const EXCHANGE_CODES = { N: 'NYSE', Q: 'NASDAQ', A: 'ARCA', Z: 'BATS' } as const;
const SECTOR_CODES = {
  IT: 'Technology', COM: 'Communication Services', CD: 'Consumer Cyclical', CS: 'Consumer Defensive',
  EN: 'Energy', FIN: 'Financial Services', HC: 'Healthcare', IND: 'Industrials', MAT: 'Basic Materials',
  RE: 'Real Estate', UT: 'Utilities',
} as const;
type SectorCode = keyof typeof SECTOR_CODES;

type Range = readonly [lo: number, hi: number];

/** What a stock of a sector typically looks like: annual volatility, beta, P/E, dividend yield. */
interface StockProfile { sigma: Range; beta: Range; pe: Range; yield: Range; payers: number; gross: Range | null; factor: MarketFactor }
const STOCK_PROFILES: Record<SectorCode, StockProfile> = {
  IT: { sigma: [0.25, 0.45], beta: [1.0, 1.5], pe: [22, 45], yield: [0.003, 0.015], payers: 0.5, gross: [0.45, 0.8], factor: 'us-equity' },
  COM: { sigma: [0.22, 0.38], beta: [0.8, 1.2], pe: [14, 30], yield: [0.005, 0.03], payers: 0.5, gross: [0.4, 0.7], factor: 'us-equity' },
  CD: { sigma: [0.25, 0.4], beta: [1.0, 1.4], pe: [14, 32], yield: [0.008, 0.025], payers: 0.6, gross: [0.25, 0.5], factor: 'us-equity' },
  CS: { sigma: [0.15, 0.25], beta: [0.3, 0.7], pe: [16, 26], yield: [0.015, 0.04], payers: 0.95, gross: [0.25, 0.6], factor: 'us-equity' },
  EN: { sigma: [0.25, 0.4], beta: [0.7, 1.2], pe: [9, 16], yield: [0.02, 0.05], payers: 0.95, gross: [0.2, 0.5], factor: 'energy' },
  FIN: { sigma: [0.2, 0.32], beta: [0.9, 1.3], pe: [11, 20], yield: [0.01, 0.04], payers: 0.85, gross: null, factor: 'us-equity' },
  HC: { sigma: [0.2, 0.35], beta: [0.4, 0.9], pe: [15, 32], yield: [0.008, 0.03], payers: 0.6, gross: [0.35, 0.8], factor: 'us-equity' },
  IND: { sigma: [0.2, 0.32], beta: [0.9, 1.25], pe: [17, 30], yield: [0.006, 0.025], payers: 0.8, gross: [0.25, 0.45], factor: 'us-equity' },
  MAT: { sigma: [0.22, 0.35], beta: [0.8, 1.2], pe: [14, 25], yield: [0.01, 0.035], payers: 0.9, gross: [0.2, 0.45], factor: 'us-equity' },
  RE: { sigma: [0.2, 0.3], beta: [0.7, 1.1], pe: [25, 45], yield: [0.025, 0.05], payers: 1, gross: [0.55, 0.75], factor: 'real-estate' },
  UT: { sigma: [0.15, 0.25], beta: [0.3, 0.6], pe: [15, 22], yield: [0.025, 0.045], payers: 1, gross: [0.35, 0.55], factor: 'us-equity' },
};

/** What a fund of a profile typically looks like (the profile is named in universe-data.ts). */
interface FundProfile { factor: MarketFactor; mu: number; sigma: Range; beta: Range; rho: Range; yield: Range; price: Range }
const FUND_PROFILES: Record<string, FundProfile> = {
  eq: { factor: 'us-equity', mu: 0.08, sigma: [0.15, 0.17], beta: [0.95, 1.05], rho: [0.97, 0.99], yield: [0.011, 0.016], price: [40, 650] },
  growth: { factor: 'us-equity', mu: 0.09, sigma: [0.19, 0.23], beta: [1.1, 1.2], rho: [0.9, 0.96], yield: [0.003, 0.007], price: [40, 500] },
  value: { factor: 'us-equity', mu: 0.07, sigma: [0.14, 0.17], beta: [0.8, 0.95], rho: [0.88, 0.95], yield: [0.02, 0.03], price: [30, 200] },
  income: { factor: 'us-equity', mu: 0.05, sigma: [0.1, 0.14], beta: [0.6, 0.8], rho: [0.85, 0.92], yield: [0.06, 0.11], price: [15, 80] },
  mid: { factor: 'us-equity', mu: 0.08, sigma: [0.18, 0.2], beta: [1.05, 1.15], rho: [0.9, 0.95], yield: [0.01, 0.018], price: [50, 600] },
  small: { factor: 'us-equity', mu: 0.08, sigma: [0.21, 0.25], beta: [1.15, 1.3], rho: [0.85, 0.9], yield: [0.008, 0.018], price: [40, 250] },
  sector: { factor: 'us-equity', mu: 0.08, sigma: [0.18, 0.3], beta: [0.7, 1.3], rho: [0.6, 0.85], yield: [0.005, 0.03], price: [30, 700] },
  intl: { factor: 'intl-equity', mu: 0.06, sigma: [0.14, 0.17], beta: [0.8, 0.9], rho: [0.93, 0.98], yield: [0.025, 0.035], price: [30, 130] },
  em: { factor: 'em-equity', mu: 0.07, sigma: [0.18, 0.28], beta: [0.75, 1.0], rho: [0.8, 0.95], yield: [0.015, 0.03], price: [20, 80] },
  energy: { factor: 'energy', mu: 0.06, sigma: [0.25, 0.3], beta: [0.9, 1.1], rho: [0.93, 0.99], yield: [0.03, 0.07], price: [20, 160] },
  reit: { factor: 'real-estate', mu: 0.06, sigma: [0.19, 0.22], beta: [0.95, 1.05], rho: [0.95, 0.99], yield: [0.03, 0.04], price: [20, 110] },
  theme: { factor: 'us-equity', mu: 0.06, sigma: [0.35, 0.55], beta: [1.3, 1.8], rho: [0.5, 0.7], yield: [0, 0.005], price: [15, 120] },
  miners: { factor: 'gold', mu: 0.06, sigma: [0.3, 0.4], beta: [0.5, 0.9], rho: [0.7, 0.85], yield: [0.005, 0.015], price: [30, 100] },
  tsyl: { factor: 'agg-bond', mu: 0.03, sigma: [0.12, 0.15], beta: [0, 0.1], rho: [0.88, 0.95], yield: [0.04, 0.045], price: [50, 100] },
  tsy: { factor: 'agg-bond', mu: 0.03, sigma: [0.04, 0.07], beta: [0, 0.1], rho: [0.93, 0.97], yield: [0.03, 0.04], price: [22, 120] },
  short: { factor: 'agg-bond', mu: 0.035, sigma: [0.015, 0.025], beta: [0, 0.05], rho: [0.7, 0.85], yield: [0.035, 0.045], price: [24, 85] },
  cash: { factor: 'agg-bond', mu: 0.04, sigma: [0.003, 0.006], beta: [0, 0.01], rho: [0.2, 0.4], yield: [0.04, 0.05], price: [50, 110] },
  agg: { factor: 'agg-bond', mu: 0.03, sigma: [0.05, 0.065], beta: [0, 0.1], rho: [0.93, 0.98], yield: [0.033, 0.04], price: [22, 100] },
  corp: { factor: 'corp-bond', mu: 0.035, sigma: [0.04, 0.08], beta: [0.1, 0.2], rho: [0.93, 0.98], yield: [0.04, 0.05], price: [50, 110] },
  corpl: { factor: 'corp-bond', mu: 0.04, sigma: [0.11, 0.13], beta: [0.15, 0.25], rho: [0.9, 0.95], yield: [0.05, 0.055], price: [70, 90] },
  hy: { factor: 'corp-bond', mu: 0.045, sigma: [0.07, 0.1], beta: [0.3, 0.45], rho: [0.7, 0.85], yield: [0.055, 0.075], price: [20, 100] },
  muni: { factor: 'muni-bond', mu: 0.03, sigma: [0.04, 0.06], beta: [0.05, 0.15], rho: [0.93, 0.97], yield: [0.028, 0.035], price: [45, 110] },
  emb: { factor: 'em-bond', mu: 0.04, sigma: [0.09, 0.11], beta: [0.25, 0.35], rho: [0.9, 0.96], yield: [0.05, 0.065], price: [20, 100] },
  gold: { factor: 'gold', mu: 0.05, sigma: [0.14, 0.16], beta: [0, 0.1], rho: [0.97, 0.99], yield: [0, 0], price: [50, 400] },
  silver: { factor: 'gold', mu: 0.04, sigma: [0.25, 0.3], beta: [0.1, 0.3], rho: [0.7, 0.8], yield: [0, 0], price: [25, 150] },
  oil: { factor: 'commodity', mu: 0.02, sigma: [0.35, 0.4], beta: [0.5, 0.8], rho: [0.8, 0.9], yield: [0, 0], price: [60, 90] },
  gas: { factor: 'commodity', mu: -0.05, sigma: [0.55, 0.65], beta: [0.1, 0.3], rho: [0.3, 0.45], yield: [0, 0], price: [10, 20] },
  cmdty: { factor: 'commodity', mu: 0.03, sigma: [0.15, 0.2], beta: [0.3, 0.5], rho: [0.75, 0.9], yield: [0, 0.04], price: [14, 35] },
  currency: { factor: 'commodity', mu: 0.01, sigma: [0.06, 0.08], beta: [-0.2, 0], rho: [0.05, 0.15], yield: [0, 0], price: [25, 30] },
  crypto: { factor: 'crypto', mu: 0.15, sigma: [0.55, 0.75], beta: [1.5, 2.5], rho: [0.85, 0.98], yield: [0, 0], price: [20, 90] },
  lev: { factor: 'us-equity', mu: 0.15, sigma: [0.5, 0.8], beta: [2.8, 3.2], rho: [0.9, 0.97], yield: [0, 0.005], price: [30, 120] },
  inv: { factor: 'us-equity', mu: -0.1, sigma: [0.5, 0.8], beta: [-3.2, -2.8], rho: [-0.97, -0.9], yield: [0, 0.02], price: [10, 60] },
  vol: { factor: 'us-equity', mu: -0.2, sigma: [0.7, 0.9], beta: [-3, -2], rho: [-0.8, -0.65], yield: [0, 0], price: [15, 60] },
};

/** Uniform numbers in [0, 1) drawn from SHA-256 of the symbol: the same for a ticker everywhere. */
function tickerDraws(symbol: string): () => number {
  let block = 0;
  let words: number[] = [];
  return () => {
    if (words.length === 0) {
      const h = createHash('sha256').update(`finos-universe:${symbol}:${block++}`).digest();
      words = Array.from({ length: 8 }, (_, i) => h.readUInt32BE(i * 4));
    }
    return words.shift()! / 2 ** 32;
  };
}

function drawer(symbol: string) {
  const u = tickerDraws(symbol);
  const between = ([lo, hi]: Range) => lo + (hi - lo) * u();
  return {
    u,
    between,
    /** Spread evenly in log space (prices, share counts, volumes). */
    logBetween: ([lo, hi]: Range) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * u()),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(u() * xs.length)]!,
  };
}

const round = (x: number, step: number) => Math.round(x / step) * step;
const cents = (x: number) => Math.round(x * 100) / 100;
const two = (x: number) => Math.round(x * 100) / 100;
/** Volatilities, betas and correlations to three decimals (a money-market fund's volatility is under 1 %). */
const three = (x: number) => Math.round(x * 1000) / 1000;

function derivedStock(symbol: string, name: string, exchange: UniverseEntry['exchange'], code: SectorCode, level?: number): UniverseEntry {
  const d = drawer(symbol);
  const p = STOCK_PROFILES[code];
  const drawn = cents(d.logBetween([25, 450]));
  const price = level ?? drawn;
  const shares = round(d.logBetween([0.15 * B, 2.5 * B]), M);
  const eps = cents(price / d.between(p.pe));
  const dividend = d.u() < p.payers ? cents(price * d.between(p.yield)) : 0;
  const cap = price * shares;
  const revenue = round(cap / d.logBetween([1, 8]), M);
  const gross = p.gross ? two(d.between(p.gross)) : null;
  const equity = round(cap / d.logBetween([1.5, 8]), M);
  const assets = round(equity * (code === 'FIN' ? d.between([8, 12]) : d.between([1.8, 4])), M);
  return {
    symbol, name, exchange, primary_exchange: LONG_EXCHANGE[exchange], sector: SECTOR_CODES[code], category: null, type: 'stock',
    shares_outstanding: shares, float_percent: two(d.between([0.9, 0.99])), short_percent_of_float: two(d.between([0.01, 0.05])) || 0.01,
    eps_ttm: eps, dividend_rate: dividend, pay_months: d.pick([QUARTERLY_MAR, QUARTERLY_FEB, QUARTERLY_JAN]),
    mu: two(d.between([0.05, 0.11])), sigma: two(d.between(p.sigma)), beta: two(d.between(p.beta)), factor: p.factor,
    rho: two(d.between([0.35, 0.65])), base_price: price, average_volume: round(d.logBetween([0.6 * M, 12 * M]), 10_000),
    fundamentals: {
      revenue,
      gross_margin: gross,
      ebitda_margin: gross === null ? null : two(gross * d.between([0.3, 0.6])),
      equity,
      assets,
      cash: round(revenue * d.between([0.05, 0.2]), M),
      debt: round(assets * d.between([0.1, 0.35]), M),
      employees: round(revenue / d.between([250_000, 900_000]), 100),
    },
  };
}

function derivedFund(symbol: string, name: string, exchange: UniverseEntry['exchange'], category: string, profile: FundProfile, level?: number): UniverseEntry {
  const d = drawer(symbol);
  const drawn = cents(d.logBetween(profile.price));
  const price = level ?? drawn;
  return {
    symbol, name, exchange, primary_exchange: LONG_EXCHANGE[exchange], sector: null, category, type: 'etf',
    shares_outstanding: round(d.logBetween([20 * M, 1.5 * B]), M), float_percent: 1, short_percent_of_float: 0.01, eps_ttm: null,
    dividend_rate: cents(price * d.between(profile.yield)), pay_months: QUARTERLY_MAR,
    mu: profile.mu, sigma: three(d.between(profile.sigma)), beta: three(d.between(profile.beta)), factor: profile.factor,
    rho: three(d.between(profile.rho)), base_price: price, average_volume: round(d.logBetween([0.5 * M, 30 * M]), 10_000), fundamentals: null,
  };
}

function lines(text: string): string[][] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split('|'));
}

function listed(): UniverseEntry[] {
  const tuned = new Map(TUNED.map((e) => [e.symbol, e]));
  const out: UniverseEntry[] = [];
  const seen = new Set<string>();
  const add = (e: UniverseEntry) => {
    if (seen.has(e.symbol)) throw new Error(`universe: ${e.symbol} is listed twice`);
    seen.add(e.symbol);
    out.push(e);
  };
  const level = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!(n > 1)) throw new Error(`universe: bad price ${text}`);
    return n;
  };
  for (const [symbol, name, x, category, profile, price] of lines(ETF_LINES)) {
    const exchange = EXCHANGE_CODES[x as keyof typeof EXCHANGE_CODES];
    const p = FUND_PROFILES[profile!];
    if (!symbol || !name || !exchange || !category || !p) throw new Error(`universe: bad ETF line for ${symbol}`);
    const own = tuned.get(symbol);
    add(own ? { ...own, category } : derivedFund(symbol, name, exchange, category, p, level(price)));
  }
  for (const [symbol, name, x, code, price] of lines(STOCK_LINES)) {
    const exchange = EXCHANGE_CODES[x as keyof typeof EXCHANGE_CODES];
    if (!symbol || !name || !exchange || !(code! in SECTOR_CODES)) throw new Error(`universe: bad stock line for ${symbol}`);
    add(tuned.get(symbol) ?? derivedStock(symbol, name, exchange, code as SectorCode, level(price)));
  }
  const missing = [...tuned.keys()].filter((s) => !seen.has(s));
  if (missing.length) throw new Error(`universe: hand-tuned symbols not listed: ${missing.join(', ')}`);
  return out;
}

/** The symbols whose simulation inputs are set by hand above (the universe before it grew). */
export const HAND_TUNED_SYMBOLS: readonly string[] = TUNED.map((e) => e.symbol);

/** Every listed symbol: ETFs, then stocks, each in the order of universe-data.ts. */
export const UNIVERSE: readonly UniverseEntry[] = listed();

/** The asset id of a symbol: SHA-256 of a fixed namespace and the symbol, shaped as a UUID v7. */
function hashAssetId(symbol: string): string {
  const h = createHash('sha256').update(`finos-asset:${symbol}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x70;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The listed symbols' ids, hashed once: every order, position and event JSON names its asset. */
const LISTED_IDS = new Map(UNIVERSE.map((e) => [e.symbol, hashAssetId(e.symbol)]));

/** The asset id of a symbol (see hashAssetId); a listed symbol's is looked up, not hashed again. */
export const assetId = (symbol: string): string => LISTED_IDS.get(symbol) ?? hashAssetId(symbol);

const BY_SYMBOL = new Map(UNIVERSE.map((e) => [e.symbol, e]));
const BY_ID = new Map(UNIVERSE.map((e) => [LISTED_IDS.get(e.symbol)!, e]));

/** The entry for a ticker, case-insensitive. */
export const lookupSymbol = (symbol: string): UniverseEntry | undefined => BY_SYMBOL.get(symbol.toUpperCase());
/** The entry for an asset id. */
export const lookupAssetId = (id: string): UniverseEntry | undefined => BY_ID.get(id.toLowerCase());
