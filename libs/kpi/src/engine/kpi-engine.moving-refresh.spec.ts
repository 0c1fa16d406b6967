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

/** k = avg(g, 10m) of a gauge held 5 min; `clock` only moves the watermark. */
const heldAverageEngine = (movingRefreshMs: number) =>
  new KpiEngine(gaugeClockModel(), { clock: () => 0, movingRefreshMs });

describe(`${KpiEngine.name} moving refresh`, () => {
  it('re-evaluates a moving value once per refresh interval and at the instant it stops moving', () => {
    // g = 10 at 00:00, 20 at 00:02; the window ends at watermark + 1 ms, so 10 is held 120,000 ms and 20 from 00:02
    // to the window end, at most 300,000 ms (until watermark 00:07). 'k' is first in dependency order: phase 0,
    // refreshes on whole minutes. Each step gives the value the engine holds after it and k's evaluations.
    const at2 = (10 * 120_000 + 20 * 1) / 120_001; // as of the visit at 00:02 (the sample's own batch)
    const at3m10 = (10 * 120_000 + 20 * 70_001) / 190_001; // refreshed at watermark 00:03:10
    const held = (10 * 120_000 + 20 * 300_000) / 420_000; // 20 held its full 5 min
    const steps: Array<{ at: number; value: number; evaluated: number }> = [
      { at: 2 * MIN + 30 * SEC, value: at2, evaluated: 0 }, // next refresh 00:03
      { at: 2 * MIN + 59 * SEC, value: at2, evaluated: 0 },
      { at: 3 * MIN + 10 * SEC, value: at3m10, evaluated: 1 }, // then 00:04
      { at: 3 * MIN + 50 * SEC, value: at3m10, evaluated: 0 },
      { at: 7 * MIN - 1, value: held, evaluated: 1 }, // the refresh at 00:04 is due; next min(00:07, 00:07)
      { at: 7 * MIN + 30 * SEC, value: held, evaluated: 1 }, // the stop: same value, moves no more
      { at: 9 * MIN, value: held, evaluated: 0 },
      // 10's bucket left the window at 00:10:59.999 (a deadline, due at once): the window starts at 00:01 and 10 is
      // carried in until 20 arrives, 60,000 ms.
      { at: 11 * MIN, value: (10 * 60_000 + 20 * 300_000) / 360_000, evaluated: 1 },
    ];
    const sut = heldAverageEngine(MIN);
    sut.ingest([sample('g', T0, 10), clockAt(T0)]);
    sut.ingest([sample('g', T0 + 2 * MIN, 20), clockAt(T0 + 2 * MIN)]);
    expect(sut.valueOf('k', '2026-11-23')?.value).toBeCloseTo(at2, 12);
    for (const step of steps) {
      const evaluated = evaluationsBesidesTicks(sut, [clockAt(T0 + step.at)]);
      expect({ at: step.at, evaluated }).toEqual({ at: step.at, evaluated: step.evaluated });
      expect(sut.valueOf('k', '2026-11-23')?.value).toBeCloseTo(step.value, 12);
    }
  });

  it('re-evaluates at once when a sample of its own arrives between refreshes', () => {
    const sut = heldAverageEngine(10 * MIN);
    sut.ingest([sample('g', T0, 10), clockAt(T0)]);
    sut.ingest([clockAt(T0 + 2 * MIN)]); // next refresh of 'k' at 00:05 (min of 00:10 and 00:05)
    expect(sut.valueOf('k', '2026-11-23')?.value).toBe(10);
    sut.ingest([sample('g', T0 + 3 * MIN, 30), clockAt(T0 + 3 * MIN)]);
    // 10 held 180,000 ms, 30 for 1 ms (window end 00:03:00.001).
    expect(sut.valueOf('k', '2026-11-23')?.value).toBeCloseTo((10 * 180_000 + 30) / 180_001, 12);
  });

  it('counts the interval from the last visit: a sample of its own puts the next refresh off', () => {
    // k has lead 0 (first in dependency order): refreshed a whole interval (1 min) after each visit.
    const sut = heldAverageEngine(MIN);
    sut.ingest([sample('g', T0, 10), clockAt(T0)]);
    sut.ingest([sample('g', T0 + 2 * MIN + 30 * SEC, 20), clockAt(T0 + 2 * MIN + 30 * SEC)]);
    // The visit at 00:02:30 is 30 s after the refresh due at 00:02: the next is due at 00:03:30, not 00:03.
    expect(evaluationsBesidesTicks(sut, [clockAt(T0 + 3 * MIN + 20 * SEC)])).toBe(0);
    expect(evaluationsBesidesTicks(sut, [clockAt(T0 + 3 * MIN + 30 * SEC)])).toBe(1);
    // 10 held 150,000 ms, 20 from 00:02:30 to the window end 00:03:30.001.
    expect(sut.valueOf('k', '2026-11-23')?.value).toBeCloseTo((10 * 150_000 + 20 * 60_001) / 210_001, 12);
    expect(evaluationsBesidesTicks(sut, [clockAt(T0 + 4 * MIN + 29 * SEC)])).toBe(0);
    expect(evaluationsBesidesTicks(sut, [clockAt(T0 + 4 * MIN + 30 * SEC)])).toBe(1);
  });

  it('spreads the refreshes of KPIs first visited in one pass over later passes', () => {
    // Eight KPIs averaging one held gauge, all evaluated at T0; refresh interval 1 min, leads below 3.75 s.
    const builder = TwinModelBuilder.model().signal('g', 'clock').declare({ maxHold: '1h' }, 'g');
    for (let i = 0; i < 8; i++) builder.kpi(`k${i}`, `avg(g, 10m) + ${i}`, { updateFrequency: '1h' });
    const sut = new KpiEngine(builder.kpi('ticks', 'sum(clock, period)').build(), {
      clock: () => 0,
      movingRefreshMs: MIN,
    });
    sut.ingest([sample('g', T0, 10), clockAt(T0)]);
    const STEP = 250;
    const perStep = new Map<number, number>();
    for (let at = STEP; at <= 5 * MIN; at += STEP) {
      const n = evaluationsBesidesTicks(sut, [clockAt(T0 + at)]);
      if (n > 0) perStep.set(at, n);
    }
    // lead = order * 7,919 ms mod 3,750 ms: 0, 419, 838, 1,257, 1,676, 2,095, 2,514 and 2,933 ms. A KPI is due 60 s
    // less its lead after each visit, and visited at the first clock step (250 ms) from then: k0 at 60, 120, ... s,
    // k1 at 59.75, 119.5, ... s, k7 at 57.25, 114.5, 171.75, 229, 286.25 s: five refreshes each in 5 min, and
    // never two KPIs in one pass.
    const visits = (lead: number) => {
      const out: number[] = [];
      for (let at = Math.ceil((MIN - lead) / STEP) * STEP; at <= 5 * MIN; at += Math.ceil((MIN - lead) / STEP) * STEP)
        out.push(at);
      return out;
    };
    const leads = [0, 419, 838, 1_257, 1_676, 2_095, 2_514, 2_933];
    const expected = leads.flatMap(visits).sort((x, y) => x - y);
    expect(expected.slice(0, 8)).toEqual([57_250, 57_500, 58_000, 58_500, 58_750, 59_250, 59_750, 60_000]);
    expect([...perStep.keys()]).toEqual(expected);
    expect([...perStep.values()].every((n) => n === 1)).toBe(true);
  });

  it('refreshMoving brings a value waiting for its refresh to the watermark at once', () => {
    const sut = heldAverageEngine(10 * MIN);
    sut.ingest([sample('g', T0, 10), clockAt(T0)]);
    sut.ingest([sample('g', T0 + 2 * MIN, 20), clockAt(T0 + 2 * MIN)]);
    sut.ingest([clockAt(T0 + 2 * MIN + 30 * SEC)]);
    // as of the visit at 00:02 (the next refresh is 10 min after it)
    expect(sut.valueOf('k', '2026-11-23')?.value).toBeCloseTo((10 * 120_000 + 20) / 120_001, 12);
    const refreshed = sut.refreshMoving();
    // 10 held 120,000 ms, 20 from 00:02 to the window end 00:02:30.001
    const at = (10 * 120_000 + 20 * 30_001) / 150_001;
    expect(refreshed.map((v) => [v.kpiId, v.value])).toEqual([['k', at]]);
    expect(sut.valueOf('k', '2026-11-23')?.value).toBeCloseTo(at, 12);
    // visited at the watermark: nothing to do until it moves
    expect(sut.refreshMoving()).toEqual([]);
  });

  it('refuses an interval that is not a whole number of milliseconds >= 0', () => {
    expect(() => heldAverageEngine(-1)).toThrow(RangeError);
    expect(() => heldAverageEngine(0.5)).toThrow(RangeError);
  });

  it('gives every closed period the value of visiting every KPI on every pass, and the same values once time moved on', () => {
    const model = TwinModelBuilder.model()
      .signal('g', 'h', 'c', 'm', 'z')
      .declare({ maxHold: '7m' }, 'g')
      .declare({ maxHold: '3m' }, 'h')
      .declare({ kind: 'counter' }, 'c')
      .declare({ kind: 'amount' }, 'm')
      .kpi('held', 'avg(g, 30m) + avg(h, period) + avg_samples(h, 20m)', { updateFrequency: '2m' })
      .kpi('mixed', 'avg(g, 10m) * 2 + sum(m, 10m) + rate(c, 20m)', { updateFrequency: '5m' })
      .kpi('level', 'avg(h, 1h) - min(g, 15m)', { updateFrequency: '10m' })
      .kpi('quiet', 'sum(z, period) + last(m, 90m)', { updateFrequency: '1h' })
      .kpi('derived', 'held + level', { updateFrequency: '10m' })
      .build();
    const sampleArb = fc.record({
      signalId: fc.constantFrom('g', 'h', 'c', 'm', 'z', 'z'),
      offset: fc.oneof(fc.constant(0), fc.integer({ min: -20 * MIN, max: 2 * MIN })),
      value: fc.integer({ min: 0, max: 50 }),
      quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
    });
    const batchArb = fc.record({
      stepMs: fc.oneof(fc.integer({ min: 0, max: 90 * SEC }), fc.integer({ min: 0, max: 3 * 3_600_000 })),
      samples: fc.array(sampleArb, { minLength: 1, maxLength: 4 }),
    });
    const periodEnded = (wm: number) => (v: KpiValue) => v.periodEnd <= wm;
    fc.assert(
      fc.property(
        fc.constantFrom(1_000, MIN, 7 * MIN),
        fc.array(batchArb, { minLength: 1, maxLength: 50 }),
        (movingRefreshMs, batches) => {
          const options: KpiEngineOptions = { clock: () => 0, retentionMs: 2 * 3_600_000 };
          const sut = new KpiEngine(model, { ...options, movingRefreshMs });
          const everyPass = new KpiEngine(model, options);
          const reference = new KpiEngine(model, { ...options, visitAll: true });
          let base = T0;
          const replayed: ReturnType<typeof sample>[][] = [];
          for (const batch of batches) {
            base += batch.stepMs;
            const samples = batch.samples.map((s) => sample(s.signalId, base + s.offset, s.value, s.quality));
            replayed.push(samples);
            sut.ingest(samples);
            everyPass.ingest(samples);
            reference.ingest(samples);
            const wm = sut.watermark;
            for (const id of sut.kpiIds()) {
              expect(sut.history(id).filter(periodEnded(wm))).toEqual(reference.history(id).filter(periodEnded(wm)));
            }
          }
          // Refreshed at the watermark, every value (open ones too) is the reference's.
          const refreshed = new KpiEngine(model, { ...options, movingRefreshMs });
          for (const batch of replayed) refreshed.ingest(batch);
          refreshed.refreshMoving();
          for (const id of sut.kpiIds()) expect(refreshed.history(id)).toEqual(reference.history(id));
          // A day later every held level ran out: nothing moves any more, every value is the reference's.
          const later = [sample('z', base + 24 * 3_600_000, 1)];
          sut.ingest(later);
          everyPass.ingest(later);
          reference.ingest(later);
          for (const id of sut.kpiIds()) expect(sut.history(id)).toEqual(reference.history(id));
          expect(sut.stats().evaluations).toBeLessThanOrEqual(everyPass.stats().evaluations);
        },
      ),
      { numRuns: 150, seed: 3030 },
    );
  });
});
