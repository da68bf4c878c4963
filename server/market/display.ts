// Display precision and labels of market-data payloads: rounding to the digits the API reference
// shows, and the clock and date labels of quotes and charts (memoized: pure and asked for often).
import type { IsoDate } from '../domain/calendar.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** Rounds to `dp` decimal places (market-data display precision, not money). */
export const round = (x: number, dp: number): number => {
  const f = POW10[dp] ?? 10 ** dp;
  return Math.round(x * f) / f;
};
export const ratio = (a: number, b: number, dp: number): number | null => (b === 0 ? null : round(a / b, dp));

// Labels are pure functions of a minute of the day; a chart asks for hundreds per call.
const clockLabels: [string[], string[]] = [[], []];
export const clockLabel = (minutesAfterMidnight: number, seconds = false): string => {
  const cache = clockLabels[seconds ? 1 : 0];
  return (cache[minutesAfterMidnight] ??= formatClock(minutesAfterMidnight, seconds));
};
const formatClock = (minutesAfterMidnight: number, seconds: boolean): string => {
  const h = Math.floor(minutesAfterMidnight / 60);
  const m = minutesAfterMidnight % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${seconds ? h12 : String(h12).padStart(2, '0')}:${String(m).padStart(2, '0')}${seconds ? ':00' : ''} ${h < 12 ? 'AM' : 'PM'}`;
};
export const longDate = (d: IsoDate): string => `${MONTHS[+d.slice(5, 7) - 1]} ${+d.slice(8, 10)}, ${d.slice(0, 4)}`;
const chartLabels = new Map<IsoDate, string>();
export const chartLabel = (d: IsoDate): string => {
  let label = chartLabels.get(d);
  if (label === undefined) {
    label = `${MONTHS[+d.slice(5, 7) - 1]!.slice(0, 3)} ${d.slice(8, 10)}, ${d.slice(2, 4)}`;
    if (chartLabels.size >= 20_000) chartLabels.clear();
    chartLabels.set(d, label);
  }
  return label;
};
