// The simulated order book around a price: a spread set by the symbol's liquidity and seeded
// sizes on either side.
import type { MarketQuote } from './provider.ts';
import { hash32, rng } from './seeded-random.ts';
import type { UniverseEntry } from './universe.ts';

/** The memoized part of a quote: its book at one price. */
export type Book = Pick<MarketQuote, 'bid_cents' | 'ask_cents' | 'bid_size' | 'ask_size' | 'price' | 'bid' | 'ask'>;

/** Spread from liquidity: 1 bp for the most traded names up to 8 bp for thin ones, at least a cent. */
export function spreadBps(e: UniverseEntry): number {
  return e.average_volume >= 20e6 ? 1 : e.average_volume >= 5e6 ? 2 : e.average_volume >= 1e6 ? 4 : 8;
}

/** The best bid and ask around a price (half the spread either side) and their sizes, seeded by `seed`. */
export function bookAround(e: UniverseEntry, priceCents: number, seed: string) {
  const half = Math.max(1, Math.round((priceCents * spreadBps(e)) / 20_000));
  const u = rng(hash32(`Q|${seed}`));
  return {
    bid_cents: Math.max(1, priceCents - half),
    ask_cents: priceCents + half,
    bid_size: 100 * (1 + Math.floor(u() * 9)),
    ask_size: 100 * (1 + Math.floor(u() * 9)),
  };
}
