import type { KpiValue, SampleQuality } from '@bsc/common';
import { testSample as sample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import fc from 'fast-check';
import { KpiEngine } from './kpi-engine';
import type { KpiEngineOptions } from './kpi-engine.options';
import { clockAt, evaluationsBesidesTicks, gaugeClockModel } from './test-support/gauge-clock-model';

const T0 = Date.UTC(2026, 10, 23, 0);
const SEC = 1_000;
const MIN = 60_000;

/** k = sum(x, 10m) of amounts; `clock` only moves the watermark. */
const slidingSumModel = gaugeClockModel({ formula: 'sum(x, 10m)', signal: 'x', declare: { kind: 'amount' } });
const slidingSumEngine = (visitAll: boolean) => new KpiEngine(slidingSumModel, { clock: () => 0, visitAll });

describe(`${KpiEngine.name} window deadlines`, () => {
  it('a sliding sum is evaluated when a sample enters or its bucket leaves the window, and not in between', () => {
    // sum(x, 10m) with x = 5 at 00:00 and 7 at 00:03. A window ends at watermark + 1 ms and starts 10 min earlier,
    // rounded down to a bucket edge (1 min buckets): it holds a sample until its start passes the sample's bucket.
    // The 00:00 bucket ends at 00:01, so 5 leaves at watermark 00:01 + 10 min - 1 ms = 00:10:59.999; 7 (bucket
    // 00:03-00:04) at 00:13:59.999. Values: 5, 5 + 7 = 12 until 00:10:59.999, then 7, then no sample (null).
    const steps: Array<{ at: number; x?: number; sum: number | null; evaluated: number }> = [
      { at: 0, x: 5, sum: 5, evaluated: 1 },
      { at: 3 * MIN, x: 7, sum: 12, evaluated: 1 },
      { at: 5 * MIN, sum: 12, evaluated: 0 },
      { at: 10 * MIN, sum: 12, evaluated: 0 },
      { at: 10 * MIN + 59 * SEC, sum: 12, evaluated: 0 },
      { at: 11 * MIN - 1, sum: 7, evaluated: 1 },
      { at: 11 * MIN, sum: 7, evaluated: 0 },
      { at: 13 * MIN, sum: 7, evaluated: 0 },
      { at: 14 * MIN - 1, sum: null, evaluated: 1 },
      { at: 20 * MIN, sum: null, evaluated: 0 },
    ];
    const sut = slidingSumEngine(false);
    const reference = slidingSumEngine(true);
    for (const step of steps) {
      const batch = [clockAt(T0 + step.at), ...(step.x === undefined ? [] : [sample('x', T0 + step.at, step.x)])];
      const evaluated = evaluationsBesidesTicks(sut, batch);
      reference.ingest(batch);
      expect({ at: step.at, evaluated }).toEqual({ at: step.at, evaluated: step.evaluated });
      expect(sut.valueOf('k', '2026-11-23')?.value).toBe(step.sum);
      expect(reference.valueOf('k', '2026-11-23')?.value).toBe(step.sum);
    }
  });

  it.each([
    // avg of a gauge holds each level for maxHold (5 min): g = 10 at 00:00, 20 at 00:02, window 10 min (nothing
    // before it to carry in). The window ends at watermark + 1 ms; in ms: 10 is held 120,000, 20 up to the window
    // end but at most 300,000. While 20's span grows the value moves with every watermark step; the step reaching
    // 00:07 caps it (once more), after which nothing changes until a sample leaves (00:10:59.999).
    {
      fn: 'avg',
      at: [4, 6, 7, 9],
      values: [
        (10 * 120_000 + 20 * 120_001) / 240_001,
        (10 * 120_000 + 20 * 240_001) / 360_001,
        (10 * 120_000 + 20 * 300_000) / 420_000,
        (10 * 120_000 + 20 * 300_000) / 420_000,
      ],
      evaluated: [1, 1, 1, 0],
    },
    // max weighs no time: 20 while a sample is in the window, nothing to evaluate as the watermark moves.
    { fn: 'max', at: [4, 6, 7, 9], values: [20, 20, 20, 20], evaluated: [0, 0, 0, 0] },
  ])('a time-weighted gauge avg follows the watermark only while a level is still held ($fn)', (c) => {
    const sut = new KpiEngine(gaugeClockModel({ formula: `${c.fn}(g, 10m)` }), { clock: () => 0 });
    sut.ingest([sample('g', T0, 10), clockAt(T0)]);
    sut.ingest([sample('g', T0 + 2 * MIN, 20), clockAt(T0 + 2 * MIN)]);
    c.at.forEach((minute, i) => {
      const evaluated = evaluationsBesidesTicks(sut, [clockAt(T0 + minute * MIN)]);
      expect({ minute, evaluated }).toEqual({ minute, evaluated: c.evaluated[i] });
      expect(sut.valueOf('k', '2026-11-23')?.value).toBeCloseTo(c.values[i], 12);
    });
  });

  it('gives the values of visiting every KPI on every pass, for every window kind, bucket width and zone', () => {
    const build = (timezone: string) =>
      TwinModelBuilder.model()
        .calendar({ timezone })
        .signal('g', 'h', 'c', 'm', 'e', 'z')
        .declare({ maxHold: '7m' }, 'g')
        .declare({ kind: 'counter' }, 'c')
        .declare({ kind: 'amount' }, 'm')
        .declare({ kind: 'event' }, 'e')
        .kpi('spread', 'max(g, 15m) - min(g, 15m) + count(g, 7m)', { updateFrequency: '10m' })
        .kpi('held', 'avg(g, 30m) + avg(h, period) + avg_samples(h, 20m)', { updateFrequency: '2m' })
        .kpi('meter', 'rate(c, 20m) + sum(c, 5m) + delta(c, 1h)', { updateFrequency: '5m' })
        .kpi('amounts', 'sum(m, 10m) + avg(m, 3h) + first(m, 45m) + count(e, 2m)', { updateFrequency: '1h' })
        .kpi('long', 'avg(g, 3h) + min(h, 3h) + max(c, 4h)', { updateFrequency: '30m' })
        .kpi('quiet', 'sum(z, period) + last(m, 90m)', { updateFrequency: '1h' })
        .build();
    const sampleArb = fc.record({
      signalId: fc.constantFrom('g', 'h', 'c', 'm', 'e', 'z', 'z', 'z'),
      // ms after the batch's base time (often at it: the watermark lands on the base), some up to 40 min late
      offset: fc.oneof(fc.constant(0), fc.integer({ min: -40 * MIN, max: 2 * MIN })),
      value: fc.integer({ min: 0, max: 50 }),
      quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
    });
    // Batches move the base time by up to 25 min (so windows empty out between data), often a little; often onto
    // a bucket edge or 1 ms before one, where window starts move (windows end at watermark + 1 ms).
    const batchArb = fc.record({
      stepMs: fc.oneof(fc.integer({ min: 0, max: 90 * SEC }), fc.integer({ min: 0, max: 25 * MIN })),
      snap: fc.constantFrom(-1, -1, 0, null),
      samples: fc.array(sampleArb, { minLength: 1, maxLength: 5 }),
    });
    const settingsArb = fc.record({
      timezone: fc.constantFrom('+00:00', '+05:30', '-03:45'),
      bucketMs: fc.constantFrom(60_000, 10_000),
    });
    const sorted = (values: KpiValue[]) =>
      [...values].sort((a, b) => a.kpiId.localeCompare(b.kpiId) || a.periodStart - b.periodStart);
    fc.assert(
      fc.property(settingsArb, fc.array(batchArb, { minLength: 1, maxLength: 60 }), (settings, batches) => {
        const model = build(settings.timezone);
        // 2 h of fine buckets: the 3 h and 4 h windows are served by hour buckets.
        const options: KpiEngineOptions = { clock: () => 0, bucketMs: settings.bucketMs, retentionMs: 2 * 3_600_000 };
        const sut = new KpiEngine(model, options);
        const reference = new KpiEngine(model, { ...options, visitAll: true });
        let base = T0;
        for (const batch of batches) {
          base += batch.stepMs;
          if (batch.snap !== null) base = Math.ceil(base / settings.bucketMs) * settings.bucketMs + batch.snap;
          const samples = batch.samples.map((s) => sample(s.signalId, base + s.offset, s.value, s.quality));
          expect(sorted(sut.ingest(samples))).toEqual(sorted(reference.ingest(samples)));
          expect(sut.currentValues()).toEqual(reference.currentValues());
        }
        for (const id of sut.kpiIds()) expect(sut.history(id)).toEqual(reference.history(id));
        expect(sut.stats().evaluations).toBeLessThanOrEqual(reference.stats().evaluations);
      }),
      { numRuns: 200, seed: 2424 },
    );
  });
});
