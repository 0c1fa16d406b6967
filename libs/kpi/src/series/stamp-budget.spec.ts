import { SampleAccumulator } from '../aggregation/sample-accumulator';
import { FiscalCalendar } from '../calendar/fiscal-calendar';
import { PeriodTracker } from './period-tracker';
import { SignalSeries } from './signal-series';
import { StampBudget } from './stamp-budget';

const SEC = 1_000;
const MIN = 60 * SEC;
const T0 = Date.UTC(2026, 10, 22);
const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });

/** One-minute buckets over ten minutes, tracking days, sharing `budget`. */
function series(budget: StampBudget, id = 'x'): SignalSeries {
  const sut = new SignalSeries(id, MIN, 11, 0, { kind: 'gauge', maxHoldMs: Infinity }, undefined, budget);
  sut.track(new PeriodTracker('day', calendar, 10));
  return sut;
}

function sumOf(sut: SignalSeries, from: number, to: number): [number, number | null] {
  const acc = new SampleAccumulator();
  sut.windowInto(acc, from, to);
  return [acc.count, acc.result('sum')];
}

describe(StampBudget.name, () => {
  it('keeps at most its limit of stamps across signals, giving up the oldest buckets first', () => {
    const budget = new StampBudget(10);
    const a = series(budget, 'a');
    const b = series(budget, 'b');
    // Minute 0: 6 samples of a; minute 1: 6 samples of b. The 11th stamp thins a's bucket (down to its newest).
    for (let i = 0; i < 6; i++) a.add(T0 + i * SEC, 1, 'good');
    for (let i = 0; i < 6; i++) b.add(T0 + MIN + i * SEC, 1, 'good');

    expect(budget.size).toBe(1 + 6); // a's newest stamp, b's six
  });

  it('keeps windows and period sums exact for in-order data past the limit', () => {
    const budget = new StampBudget(5);
    const sut = series(budget);
    // 3 minutes × 10 samples of values 1..30: sum 465, per minute 55, 155, 255.
    for (let i = 0; i < 30; i++) sut.add(T0 + Math.floor(i / 10) * MIN + (i % 10) * SEC, i + 1, 'good');

    expect(budget.size).toBeLessThanOrEqual(5);
    expect(sumOf(sut, T0, T0 + 3 * MIN)).toEqual([30, 465]);
    expect(sumOf(sut, T0 + MIN, T0 + 2 * MIN)).toEqual([10, 155]);
    expect(sut.tracker('day')?.get(T0)?.result('sum')).toBe(465);
  });

  it('still finds a duplicate of the newest given-up stamp and of any stamp after it', () => {
    const budget = new StampBudget(3);
    const sut = series(budget);
    for (let i = 0; i < 4; i++) sut.add(T0 + i * SEC, 1, 'good'); // the 4th stamp thins: newest kept is T0+3s
    sut.add(T0 + 5 * SEC, 1, 'good');

    expect(sut.add(T0 + 3 * SEC, 1, 'good')).toBe('duplicate');
    expect(sut.add(T0 + 5 * SEC, 1, 'good')).toBe('duplicate');
  });

  it('accepts a late sample among given-up stamps unchecked and unjoined, like one beyond the fine horizon', () => {
    const budget = new StampBudget(3);
    const sut = series(budget);
    for (let i = 0; i < 4; i++) sut.add(T0 + i * 2 * SEC, 1, 'good'); // stamps 0, 2, 4, 6 s; kept: 6 s only

    expect(sut.add(T0 + 3 * SEC, 5, 'good')).toBe('beyond-retention');
    expect(sut.unjoined).toBe(1);
    // The summaries still count it: 1 + 1 + 1 + 1 + 5.
    expect(sut.tracker('day')?.get(T0)?.result('sum')).toBe(9);
  });

  it('joins a late sample exactly when it falls after the newest given-up stamp', () => {
    const budget = new StampBudget(3);
    const sut = series(budget);
    for (let i = 0; i < 4; i++) sut.add(T0 + i * 2 * SEC, 1, 'good'); // kept: 6 s
    sut.add(T0 + 10 * SEC, 3, 'good');

    expect(sut.add(T0 + 8 * SEC, 2, 'good')).toBe('accepted');
    expect(sut.unjoined).toBe(0);
  });

  it('forgets the stamps of a recycled bucket', () => {
    const budget = new StampBudget(1_000);
    const sut = series(budget);
    for (let i = 0; i < 5; i++) sut.add(T0 + i * SEC, 1, 'good');
    // Eleven minutes later the ring reuses minute 0's slot.
    sut.add(T0 + 11 * MIN, 1, 'good');

    expect(budget.size).toBe(1);
  });
});
