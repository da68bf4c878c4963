// The bar values the simulated market hands out (built and frozen here, one shape per kind), and
// the labels of a session's minutes.
import type { IsoDate } from '../domain/calendar.ts';
import type { DailyBar, MinuteBar } from './provider.ts';

// Every bar handed out is built by these two (one hidden class each, so the code reading bars
// stays monomorphic) and frozen: bars are memoized and shared, so no caller may change one.
export function dailyBar(date: IsoDate, open_cents: number, high_cents: number, low_cents: number, close_cents: number, volume: number): DailyBar {
  return Object.freeze({ date, open_cents, high_cents, low_cents, close_cents, volume });
}

export function minuteBar(
  date: IsoDate,
  start: Date,
  minute: string,
  open_cents: number,
  close_cents: number,
  high_cents: number,
  low_cents: number,
  volume: number,
  trades: number,
  iex_volume: number,
  iex_trades: number,
): MinuteBar {
  return Object.freeze({ date, start, minute, open_cents, close_cents, high_cents, low_cents, volume, trades, iex_volume, iex_trades });
}

/** Whole cents, at least one. */
export const wholeCents = (x: number): number => Math.max(1, Math.round(x));

const minuteLabels: string[] = [];
/** `HH:MM` of minute i after 09:30. */
export function minuteLabel(i: number): string {
  let label = minuteLabels[i];
  if (label === undefined) {
    const m = 9 * 60 + 30 + i;
    label = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    minuteLabels[i] = label;
  }
  return label;
}
