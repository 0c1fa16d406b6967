import type { SampleQuality } from '@bsc/common';
import { SampleAccumulator } from '../aggregation/sample-accumulator';
import { FiscalCalendar } from '../calendar/fiscal-calendar';
import { createTimeZone } from '../calendar/time-zone';
import { LatestSample, SignalSeries } from './signal-series';
import { MAX_REMEMBERED_OUTSIDE } from './late-neighbours';
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

const at = (minute: number, value: number, quality: SampleQuality = 'good'): LatestSample => ({
  ts: T0 + minute * MIN,
  value,
  quality,
});

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

  // A window's carry-in: asked mid-period, where the day's last sample is inside the window. The buckets hold
  // 00:50-01:00 once a sample at 01:00 arrived; rows list samples in arrival order as [minute, value, quality].
  it.each<[string, Array<[number, number, SampleQuality]>, number, LatestSample | false]>([
    [
      'in the buckets',
      [
        [10, 5, 'good'],
        [52, 6, 'good'],
        [60, 7, 'good'],
      ],
      55,
      at(52, 6),
    ],
    [
      'evicted from the buckets',
      [
        [10, 5, 'good'],
        [60, 7, 'good'],
      ],
      55,
      at(10, 5),
    ],
    [
      'evicted, with its quality',
      [
        [10, 5, 'uncertain'],
        [60, 7, 'good'],
      ],
      55,
      at(10, 5, 'uncertain'),
    ],
    [
      'added late behind the buckets',
      [
        [10, 5, 'good'],
        [60, 7, 'good'],
        [20, 6, 'uncertain'],
      ],
      55,
      at(20, 6, 'uncertain'),
    ],
    [
      'not an older late one',
      [
        [10, 5, 'good'],
        [60, 7, 'good'],
        [5, 4, 'good'],
      ],
      55,
      at(10, 5),
    ],
    [
      'never a bad one',
      [
        [10, 5, 'good'],
        [20, 0, 'bad'],
        [60, 7, 'good'],
        [30, 0, 'bad'],
      ],
      55,
      at(10, 5),
    ],
    // behind the buckets' start: late samples are remembered one by one above the newest evicted sample (10)
    [
      'a late one behind the start',
      [
        [10, 5, 'good'],
        [60, 7, 'good'],
        [30, 6, 'good'],
        [40, 8, 'good'],
      ],
      35,
      at(30, 6),
    ],
    [
      'the evicted one behind the start',
      [
        [10, 5, 'good'],
        [60, 7, 'good'],
        [40, 8, 'good'],
      ],
      35,
      at(10, 5),
    ],
    // below the newest evicted sample (30) those evicted before it are not known, nor in the day's summary
    [
      'unknown between evicted samples',
      [
        [10, 5, 'good'],
        [30, 6, 'good'],
        [60, 7, 'good'],
      ],
      20,
      false,
    ],
  ])('finds the carry-in of a window: %s', (_name, samples, beforeMin, expected) => {
    const sut = series();
    for (const [minute, value, quality] of samples) sut.add(T0 + minute * MIN, value, quality);
    const out: LatestSample = { ts: 0, value: 0, quality: 'good' };
    const found = sut.latestBefore(T0 + beforeMin * MIN, 'day', T0, out);
    expect(found && out).toEqual(expected);
  });

  // Windows of 3 h: hour buckets over 7 h, 02:00-09:00 once a sample at 08:00 arrived; rows as above, in hours.
  it.each<[string, Array<[number, number, SampleQuality]>, number, LatestSample | false]>([
    [
      'in the hour buckets',
      [
        [3, 4, 'good'],
        [7, 6, 'good'],
        [8, 7, 'good'],
      ],
      6,
      at(3 * 60, 4),
    ],
    [
      'evicted from them',
      [
        [0.5, 5, 'good'],
        [7, 6, 'good'],
        [8, 7, 'good'],
      ],
      6,
      at(30, 5),
    ],
    [
      'added late behind them',
      [
        [7, 6, 'good'],
        [8, 7, 'good'],
        [1, 5, 'uncertain'],
      ],
      6,
      at(60, 5, 'uncertain'),
    ],
    [
      'unknown between evicted samples',
      [
        [0.5, 5, 'good'],
        [1, 6, 'good'],
        [7, 6, 'good'],
        [8, 7, 'good'],
      ],
      0.75,
      false,
    ],
  ])('finds the carry-in of a long window: %s', (_name, samples, beforeHour, expected) => {
    const sut = series(3 * HOUR);
    for (const [hour, value, quality] of samples) sut.add(T0 + hour * HOUR, value, quality);
    const out: LatestSample = { ts: 0, value: 0, quality: 'good' };
    const found = sut.latestBefore(T0 + beforeHour * HOUR, 'day', T0, out);
    expect(found && out).toEqual(expected);
  });

  it('finds the carry-in among late samples behind the buckets past the ones it remembers', () => {
    const sut = series();
    sut.add(T0 + 10 * MIN, 5, 'good');
    sut.add(T0 + 60 * MIN, 7, 'good');
    // one more than it remembers, 1 ms apart from 00:20: the first is forgotten and becomes the boundary
    for (let i = 0; i <= MAX_REMEMBERED_OUTSIDE; i++) sut.add(T0 + 20 * MIN + i, i, i === 0 ? 'uncertain' : 'good');
    const out: LatestSample = { ts: 0, value: 0, quality: 'good' };
    expect(sut.latestBefore(T0 + 20 * MIN + 1, 'day', T0, out) && out).toEqual(at(20, 0, 'uncertain'));
    expect(sut.latestBefore(T0 + 20 * MIN + 2, 'day', T0, out) && out).toEqual({ ...at(20, 1), ts: T0 + 20 * MIN + 1 });
  });

  it('bounds the periods that read a late sample as latest by the next known sample', () => {
    const sut = series();
    sut.add(T0 + 30 * MIN, 1, 'good');
    sut.add(T0 + 25 * MIN, 1, 'good');
    expect(sut.nextUsableAfter(T0 + 25 * MIN)).toBe(T0 + 30 * MIN);
    expect(sut.nextUsableAfter(T0 + 30 * MIN)).toBe(Infinity);
  });

  it('is stale while its newest sample is bad, through further bad ones, until a newer usable one', () => {
    // good at T0: fresh; bad at T0 + 1 and T0 + 2 are newer than it: stale; uncertain at T0 + 3 is usable and
    // newer than both bad ones: fresh again.
    const sut = series();
    sut.add(T0, 1, 'good');
    expect(sut.stale).toBe(false);
    sut.add(T0 + 1, 1, 'bad');
    expect(sut.stale).toBe(true);
    sut.add(T0 + 2, 1, 'bad');
    expect(sut.stale).toBe(true);
    sut.add(T0 + 3, 1, 'uncertain');
    expect(sut.stale).toBe(false);
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
