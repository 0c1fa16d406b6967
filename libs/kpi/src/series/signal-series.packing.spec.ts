import type { SampleQuality } from '@bsc/common';
import fc from 'fast-check';
import { SampleAccumulator, totalOf } from '../aggregation/sample-accumulator';
import type { SignalShape } from '../aggregation/signal-shape';
import { FiscalCalendar } from '../calendar/fiscal-calendar';
import { PeriodTracker } from './period-tracker';
import { LatestSample, SignalSeries } from './signal-series';
import { StampBudget } from './stamp-budget';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 11, 1);
const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });

/** 12 minute buckets, hour buckets for a 3 h window, days tracked, a budget of `stamps`; packed or never packed. */
function series(shape: SignalShape, stamps: number, unpacked?: number): SignalSeries {
  const sut = new SignalSeries('x', MIN, 12, 0, { ...shape }, undefined, new StampBudget(stamps), unpacked);
  sut.ensureWindow(3 * HOUR, HOUR);
  sut.track(new PeriodTracker('day', calendar, 10));
  return sut;
}

function figures(acc: SampleAccumulator): unknown[] {
  return [
    acc.count,
    acc.uncertain,
    acc.bad,
    acc.min,
    acc.max,
    acc.firstTs,
    acc.firstValue,
    acc.lastTs,
    acc.lastValue,
    acc.lastQuality,
    acc.heldMs,
    totalOf(acc.held, acc.heldInt),
    totalOf(acc.increase, acc.increaseInt),
    acc.result('sum'),
    acc.result('stddev'),
  ];
}

/** What a KPI could read of the series: windows of 3 min, 10 min and 3 h ending on every 5th minute, neighbours. */
function reading(sut: SignalSeries, until: number): unknown[] {
  const out: unknown[] = [sut.unjoined];
  const latest: LatestSample = { ts: 0, value: 0, quality: 'good' };
  for (let end = T0 + 5 * MIN; end <= until + 5 * MIN; end += 5 * MIN) {
    for (const width of [3 * MIN, 10 * MIN, 3 * HOUR]) {
      const acc = new SampleAccumulator();
      const start = sut.windowInto(acc, end - width, end);
      out.push(start, ...figures(acc));
    }
    const found = sut.latestBefore(end, 'day', T0, latest);
    out.push(found && { ...latest }, sut.nextUsableAfter(end - 7 * MIN));
  }
  return out;
}

const sampleArb = fc.record({
  // 5 hours: buckets leave the 12-minute fine ring, samples arrive beyond it, hour buckets are packed too
  ts: fc.integer({ min: 0, max: 5 * HOUR - 1 }).map((t) => T0 + t),
  value: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  quality: fc.constantFrom<SampleQuality>('good', 'good', 'uncertain', 'bad'),
});

const scenarioArb = fc.record({
  shape: fc.constantFrom<SignalShape>(
    { kind: 'gauge', maxHoldMs: Infinity },
    { kind: 'gauge', maxHoldMs: 2 * MIN },
    { kind: 'counter', maxHoldMs: Infinity },
    { kind: 'amount', maxHoldMs: Infinity },
  ),
  stamps: fc.constantFrom(1, 4, 50, Infinity),
  // mostly in time order with late and repeated samples among them, as a stream arrives
  samples: fc.array(sampleArb, { minLength: 1, maxLength: 240 }).chain((xs) => {
    const sorted = [...xs].sort((a, b) => a.ts - b.ts);
    return fc
      .shuffledSubarray(sorted, { minLength: 0, maxLength: Math.min(20, sorted.length) })
      .map((late) => [...sorted.filter((x) => !late.includes(x)), ...late, ...late.slice(0, 3)]);
  }),
  lateFirst: fc.boolean(),
});

describe(`${SignalSeries.name} with packed buckets`, () => {
  it('reads, joins and rejects exactly as with every bucket kept as an object', () => {
    fc.assert(
      fc.property(scenarioArb, ({ shape, stamps, samples, lateFirst }) => {
        const stream = lateFirst ? [...samples].reverse() : samples;
        const packed = series(shape, stamps);
        const reference = series(shape, stamps, Infinity);
        let until = T0;
        for (const [n, s] of stream.entries()) {
          expect(packed.add(s.ts, s.value, s.quality)).toBe(reference.add(s.ts, s.value, s.quality));
          until = Math.max(until, s.ts);
          if (n % 40 === 39) expect(reading(packed, until)).toEqual(reading(reference, until));
        }
        expect(reading(packed, until)).toEqual(reading(reference, until));
        expect(packed.tracker('day')?.get(T0)?.result('sum')).toBe(reference.tracker('day')?.get(T0)?.result('sum'));
      }),
      { numRuns: 150 },
    );
  });

  // The shrunk counterexample of an early version: the late sample's stamp made the budget thin its own bucket,
  // which was packed before the sample went in.
  it('keeps a late sample whose stamp makes the budget thin the bucket it is going into', () => {
    const packed = series({ kind: 'gauge', maxHoldMs: Infinity }, 1);
    const reference = series({ kind: 'gauge', maxHoldMs: Infinity }, 1, Infinity);
    for (const offset of [0, 0, 65 * MIN, 67 * MIN, 65 * MIN + 1, 65 * MIN + 1]) {
      expect(packed.add(T0 + offset, 0, 'good')).toBe(reference.add(T0 + offset, 0, 'good'));
    }
    const acc = new SampleAccumulator();
    packed.windowInto(acc, T0 + 60 * MIN, T0 + 70 * MIN);
    // 65 min, 65 min + 1 ms and 67 min; the repeat of 65 min + 1 ms is a duplicate
    expect(acc.count).toBe(3);
    expect(reading(packed, T0 + 67 * MIN)).toEqual(reading(reference, T0 + 67 * MIN));
  });
});
