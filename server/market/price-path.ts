// One session's minute path for the simulated market: a seeded bridge from the day's open to its
// close through its high and low, with each minute's range, volume and trade counts.
import type { Session } from '../domain/calendar.ts';
import { minuteBar, minuteLabel } from './bars.ts';
import { spreadBps } from './book.ts';
import type { DailyBar, MinuteBar } from './provider.ts';
import { hash32, normal4, rng } from './seeded-random.ts';
import type { UniverseEntry } from './universe.ts';

const MINUTE_MS = 60_000;

export interface SessionPath {
  session: Session;
  /** points[i] is the price at minute i's start; points[n] is the close. */
  points: Int32Array;
  high: Int32Array;
  low: Int32Array;
  volume: Float64Array;
  trades: Float64Array;
  iexVolume: Float64Array;
  iexTrades: Float64Array;
}

/** The unshocked minute bars of a whole session, each frozen (they are shared by every caller). */
export function sessionMinuteBars(p: SessionPath): readonly MinuteBar[] {
  const n = p.points.length - 1;
  const date = p.session.date;
  const open = p.session.open.getTime();
  const out: MinuteBar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = p.points[i]!;
    const c = p.points[i + 1]!;
    out[i] = minuteBar(date, new Date(open + i * MINUTE_MS), minuteLabel(i), o, c, Math.max(o, c, p.high[i]!), Math.min(o, c, p.low[i]!), p.volume[i]!, p.trades[i]!, p.iexVolume[i]!, p.iexTrades[i]!);
  }
  return out; // handed out only as copies; not frozen (slicing a frozen array is slow)
}

/**
 * One session's minute path: a Brownian bridge through four anchors (open at the start, the
 * high and the low at seeded minutes, the close at the end), clamped to [low, high].
 */
export function buildPath(e: UniverseEntry, s: Session, bar: DailyBar): SessionPath {
  const n = Math.round((s.close.getTime() - s.open.getTime()) / MINUTE_MS);
  const u = rng(hash32(`M|${e.symbol}|${s.date}`));
  const { open_cents: open, high_cents: hi, low_cents: lo, close_cents: close } = bar;
  const points = new Int32Array(n + 1);

  let tHigh = 1 + Math.floor(u() * (n - 1));
  let tLow = 1 + Math.floor(u() * (n - 2));
  if (tLow >= tHigh) tLow++;
  const anchors = [
    [0, open],
    [tHigh, hi],
    [tLow, lo],
    [n, close],
  ].sort((a, b) => a[0]! - b[0]!) as [number, number][];
  const step = Math.max(1, (hi - lo) / Math.sqrt(n)) * 0.6;
  for (let a = 0; a < anchors.length - 1; a++) {
    const [t0, v0] = anchors[a]!;
    const [t1, v1] = anchors[a + 1]!;
    const len = t1 - t0;
    const walk = new Float64Array(len + 1);
    for (let j = 1; j <= len; j++) walk[j] = walk[j - 1]! + step * normal4(u);
    for (let j = 0; j <= len; j++) {
      const x = v0 + ((v1 - v0) * j) / len + walk[j]! - (walk[len]! * j) / len;
      points[t0 + j] = Math.min(hi, Math.max(lo, Math.round(x)));
    }
    points[t0] = v0;
    points[t1] = v1;
  }

  const high = new Int32Array(n);
  const low = new Int32Array(n);
  const wiggle = Math.max(1, Math.round((open * spreadBps(e)) / 5_000));
  for (let i = 0; i < n; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    high[i] = Math.min(hi, Math.max(a, b) + Math.floor(u() * wiggle));
    low[i] = Math.max(lo, Math.min(a, b) - Math.floor(u() * wiggle));
  }

  // Volume: a U-shaped intraday profile with noise, summing exactly to the day's volume.
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = (i - n / 2) / (n / 2);
    weights[i] = (1 + 1.5 * x * x) * (0.5 + u());
    total += weights[i]!;
  }
  const volume = new Float64Array(n);
  const trades = new Float64Array(n);
  const iexVolume = new Float64Array(n);
  const iexTrades = new Float64Array(n);
  const iexShare = 0.015 + 0.03 * u();
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    volume[i] = i === n - 1 ? bar.volume - assigned : Math.floor((bar.volume * weights[i]!) / total);
    assigned += volume[i]!;
    trades[i] = volume[i]! > 0 ? Math.max(1, Math.round(volume[i]! / 150)) : 0;
    iexVolume[i] = Math.round(volume[i]! * iexShare);
    iexTrades[i] = iexVolume[i]! > 0 ? Math.max(1, Math.round(iexVolume[i]! / 100)) : 0;
  }
  return { session: s, points, high, low, volume, trades, iexVolume, iexTrades };
}
