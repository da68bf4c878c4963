// Trading days counted from the simulated market's anchor date: day 0 is ANCHOR_DATE, later
// sessions count up and earlier ones count down, extended lazily as far as anyone asks.
import { type IsoDate, addCalendarDays, isTradingDay } from '../domain/calendar.ts';
import { ANCHOR_DATE } from './universe.ts';

export class DayAxis {
  private readonly fwd: IsoDate[] = [ANCHOR_DATE]; // fwd[k] is day k ≥ 0
  private readonly back: IsoDate[] = []; // back[j] is day -(j + 1)
  private readonly index = new Map<IsoDate, number>([[ANCHOR_DATE, 0]]);

  private extendForward(): void {
    let d = addCalendarDays(this.fwd[this.fwd.length - 1]!, 1);
    while (!isTradingDay(d)) d = addCalendarDays(d, 1);
    this.index.set(d, this.fwd.length);
    this.fwd.push(d);
  }

  private extendBackward(): void {
    let d = addCalendarDays(this.back[this.back.length - 1] ?? ANCHOR_DATE, -1);
    while (!isTradingDay(d)) d = addCalendarDays(d, -1);
    this.back.push(d);
    this.index.set(d, -this.back.length);
  }

  /** The signed index of a trading day (0 = ANCHOR_DATE). */
  indexOf(date: IsoDate): number {
    const known = this.index.get(date);
    if (known !== undefined) return known;
    if (!isTradingDay(date)) throw new RangeError(`${date} is not a trading day`);
    if (date > ANCHOR_DATE) while (this.fwd[this.fwd.length - 1]! < date) this.extendForward();
    else while ((this.back[this.back.length - 1] ?? ANCHOR_DATE) > date) this.extendBackward();
    return this.index.get(date)!;
  }

  /** The trading day with signed index k. */
  dateAt(k: number): IsoDate {
    if (k >= 0) {
      while (this.fwd.length <= k) this.extendForward();
      return this.fwd[k]!;
    }
    while (this.back.length < -k) this.extendBackward();
    return this.back[-k - 1]!;
  }
}
