import { SampleAccumulator } from '../aggregation/sample-accumulator';
import { FiscalCalendar } from '../calendar/fiscal-calendar';
import { createTimeZone } from '../calendar/time-zone';
import { LatestSample, SignalSeries } from './signal-series';
import { PeriodTracker } from './period-tracker';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 22);
const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });

/** A series with 1-minute buckets over a 10-minute fine horizon, tracking days. */
function series(longestWindowMs = 0): SignalSeries {
  const sut = new SignalSeries('x', MIN, 11, 0);
  sut.ensureWindow(longestWindowMs, 2 * HOUR);
  sut.track(new PeriodTracker('day', calendar, 10));
  return sut;
}

function windowOf(sut: SignalSeries, from: number, to: number): SampleAccumulator {
  const acc = new SampleAccumulator();
  sut.windowInto(acc, from, to);
  return acc;
}

describe(SignalSeries.name, () => {
  it('detects duplicates within the fine horizon, not beyond it', () => {
    const sut = series();
    expect(sut.add(T0 + 20 * MIN, 1, 'good')).toBe('accepted');
    expect(sut.add(T0 + 20 * MIN, 1, 'good')).toBe('duplicate');
    expect(sut.add(T0 + 15 * MIN + 5, 2, 'good')).toBe('accepted');
    expect(sut.add(T0 + 15 * MIN + 5, 2, 'good')).toBe('duplicate');
    expect(sut.add(T0 + MIN, 3, 'good')).toBe('beyond-retention');
    expect(sut.tracker('day')?.get(T0)?.result('sum')).toBe(6);
  });

  it.each([
    ['whole buckets', T0 + 10 * MIN, T0 + 12 * MIN, 2, 30],
    ['start quantised down to its bucket', T0 + 10 * MIN + 30_000, T0 + 12 * MIN, 2, 30],
    ['end exclusive', T0 + 10 * MIN, T0 + 11 * MIN + 10_001, 2, 30],
    ['older part only', T0 + 10 * MIN, T0 + 11 * MIN, 1, 10],
  ])('sliding window: %s', (_name, from, to, count, sum) => {
    const sut = series();
    sut.add(T0 + 10 * MIN + 10_000, 10, 'good');
    sut.add(T0 + 11 * MIN + 10_000, 20, 'good');
    const acc = windowOf(sut, from, to);
    expect([acc.count, acc.result('sum')]).toEqual([count, sum]);
  });

  it('serves windows longer than the fine horizon from hour buckets', () => {
    const sut = series(HOUR * 3);
    for (let t = T0; t < T0 + 3 * HOUR; t += 5 * MIN) sut.add(t, 1, 'good');
    const acc = windowOf(sut, T0 + 30 * MIN, T0 + 3 * HOUR);
    // Starts on the hour edge at T0: all 36 samples; the fine part and the coarse part do not overlap.
    expect(acc.count).toBe(36);
  });

  // The engine asks at period ends (closed periods) or past the watermark (open period).
  it('finds the latest usable sample before a period end, across periods and beyond the fine horizon', () => {
    const DAY = 24 * HOUR;
    const sut = series();
    sut.add(T0 + HOUR, 5, 'good');
    sut.add(T0 + 2 * HOUR, 6, 'uncertain');
    sut.add(T0 + 2 * HOUR + MIN, 7, 'bad');
    sut.add(T0 + 2 * DAY + HOUR, 8, 'good');
    const out: LatestSample = { ts: 0, value: 0, quality: 'good' };
    expect(sut.latestBefore(T0 + DAY, 'day', T0, out)).toBe(true);
    expect(out).toEqual({ ts: T0 + 2 * HOUR, value: 6, quality: 'uncertain' });
    expect(sut.latestBefore(T0 + 2 * DAY, 'day', T0 + DAY, out)).toBe(true);
    expect(out.value).toBe(6);
    expect(sut.latestBefore(T0 + 3 * DAY, 'day', T0 + 2 * DAY, out)).toBe(true);
    expect(out.value).toBe(8);
    expect(sut.latestBefore(T0, 'day', T0 - DAY, out)).toBe(false);
  });

  it('bounds the periods that read a late sample as latest by the next known sample', () => {
    const sut = series();
    sut.add(T0 + 30 * MIN, 1, 'good');
    sut.add(T0 + 25 * MIN, 1, 'good');
    expect(sut.nextUsableAfter(T0 + 25 * MIN)).toBe(T0 + 30 * MIN);
    expect(sut.nextUsableAfter(T0 + 30 * MIN)).toBe(Infinity);
  });

  it('clears a stale mark on the next sample', () => {
    const sut = series();
    sut.markedStale = true;
    sut.add(T0, 1, 'bad');
    expect(sut.markedStale).toBe(false);
  });

  it('starts a long window on a local hour of Lord Howe in standard time too', () => {
    const zone = createTimeZone('Australia/Lord_Howe');
    const sut = new SignalSeries('x', MIN, 11, zone.hourAlignmentMs, undefined, zone);
    sut.ensureWindow(6 * HOUR, 2 * HOUR);
    const at = (h: number, m: number): number => Date.UTC(2026, 6, 15, h, m);
    sut.add(at(1, 0), 1, 'good'); // local 11:30, in the hour bucket 11:00-12:00 (00:30Z-01:30Z)
    sut.add(at(1, 45), 2, 'good'); // local 12:15, in 12:00-13:00 (01:30Z-02:30Z)
    sut.add(at(4, 0), 4, 'good');
    const acc = new SampleAccumulator();
    // from local 12:10 (01:40Z): quantised down to local 12:00, 01:30Z (the January alignment would give 01:00Z
    // and take the 11:30 reading)
    expect(sut.windowInto(acc, at(1, 40), at(4, 1))).toBe(at(1, 30));
    expect(acc.result('sum')).toBe(6);
  });

  it('reads a long window of a signal never sampled in a zone of local hour buckets as empty', () => {
    const zone = createTimeZone('Australia/Lord_Howe');
    const sut = new SignalSeries('x', MIN, 11, zone.hourAlignmentMs, undefined, zone);
    sut.ensureWindow(6 * HOUR, 2 * HOUR);
    const acc = new SampleAccumulator();
    const to = Date.UTC(2026, 6, 15, 4, 1);
    // no fine bucket yet: the start is the window's local hour edge, from 22:01Z (local 08:31, UTC+10:30)
    // quantised down to local 08:00, 21:30Z, and nothing is read
    expect(sut.windowInto(acc, to - 6 * HOUR, to)).toBe(Date.UTC(2026, 6, 14, 21, 30));
    expect(acc.result('count')).toBe(0);
  });
});
