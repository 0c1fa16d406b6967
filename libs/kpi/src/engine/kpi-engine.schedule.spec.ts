import type { SampleQuality } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import fc from 'fast-check';
import { KpiEngine } from './kpi-engine';
import { testSample as sample } from '@bsc/common';

const T0 = Date.UTC(2026, 10, 23, 0);
const MIN = 60_000;

/** N signals, one KPI per signal over a sliding window: only s0 and s1 ever send data. */
function wideModel(n: number) {
  const builder = TwinModelBuilder.model();
  for (let i = 0; i < n; i++) builder.signal(`s${i}`).kpi(`k${i}`, `avg(s${i}, 1h)`);
  return builder.build();
}

/** Evaluations of each batch after the first; batch j holds s0 and s1 at T0 + j * 10 s. */
function evaluationsPerBatch(n: number, visitAll: boolean, batches: number): number[] {
  const sut = new KpiEngine(wideModel(n), { clock: () => 0, visitAll });
  const out: number[] = [];
  for (let j = 0; j < batches; j++) {
    const before = sut.stats().evaluations;
    sut.ingest([sample('s0', T0 + j * 10_000, j), sample('s1', T0 + j * 10_000, 2 * j)]);
    if (j > 0) out.push(sut.stats().evaluations - before);
  }
  return out;
}

describe(`${KpiEngine.name} schedule`, () => {
  it('a batch evaluates the KPIs its samples and moving windows touch, not every KPI of the model', () => {
    // Batch 0 evaluates every KPI once (first values). Afterwards only k0 and k1 have data in their windows:
    // 2 evaluations per batch whatever the model size; visiting all KPIs re-evaluates all n sliding windows.
    expect(evaluationsPerBatch(100, false, 6)).toEqual([2, 2, 2, 2, 2]);
    expect(evaluationsPerBatch(1_000, false, 6)).toEqual([2, 2, 2, 2, 2]);
    expect(evaluationsPerBatch(100, true, 6)).toEqual([100, 100, 100, 100, 100]);
  });

  it('a window is re-evaluated when its content changes, and staleness flips at its deadline', () => {
    const model = TwinModelBuilder.model()
      .signal('a', 'b')
      .kpi('ka', 'count(a, 10m)')
      .kpi('kb', 'sum(b, period)')
      .build();
    const sut = new KpiEngine(model, { clock: () => 0 });
    sut.ingest([sample('a', T0, 1), sample('b', T0, 1)]);
    const evaluations: number[] = [];
    const staleKb: boolean[] = [];
    // b is fed every minute from T0 + 1 min on, a never again.
    for (let m = 1; m <= 80; m++) {
      const before = sut.stats().evaluations;
      sut.ingest([sample('b', T0 + m * MIN, 1)]);
      evaluations.push(sut.stats().evaluations - before);
      staleKb.push(sut.valueOf('kb', '2026-11-23')?.quality.stale ?? true);
    }
    // kb is evaluated on every batch (its input b changed). ka = count(a, 10m) only when its window content or
    // staleness changes (1 min buckets; a is a gauge held 3 min: 3 update intervals of 1m):
    // - m = 4: stale since T0 + 3 min (its newest sample is more than 3 min old), due at the first pass after;
    // - m = 11: a's sample left the window (its bucket ends at T0 + 1 min, the window start passes it at
    //   watermark T0 + 1 min + 10 min - 1 ms);
    // - m = 13: the window start passes T0 + 3 min, where a's level held in from before the window runs out
    //   (coverage drops to 0).
    const twice = new Set([4, 11, 13]);
    expect(evaluations).toEqual(Array.from({ length: 80 }, (_, i) => (twice.has(i + 1) ? 2 : 1)));
    expect(staleKb.every((s) => !s)).toBe(true);
    // ka at T0 + 80 min: no sample of a in the last 10 min (count 0), stale since T0 + 3 min (3 update intervals).
    expect(sut.valueOf('ka', '2026-11-23')).toMatchObject({ value: 0, quality: { stale: true } });
  });

  it('keeps one staleness deadline per KPI, however often a KPI with a long update interval is fed', () => {
    // k reads a every second and is updated daily: each visit moves its deadline to 3 days after the newest
    // sample. 20,000 visits left 20,000 entries queued for 3 days; the queue holds about one per KPI instead.
    const model = TwinModelBuilder.model()
      .signal('a', 'b')
      .kpi('k', 'sum(a, period)', { updateFrequency: '1d' })
      .kpi('j', 'sum(b, period)', { updateFrequency: '1m' })
      .build();
    const sut = new KpiEngine(model, { clock: () => 0 });
    const reference = new KpiEngine(model, { clock: () => 0, visitAll: true });
    for (let i = 0; i < 20_000; i++) {
      const batch = [sample('a', T0 + i * 1000, 1), ...(i < 100 ? [sample('b', T0 + i * 1000, 1)] : [])];
      sut.ingest(batch);
      reference.ingest(batch);
    }

    expect(sut.stats().queuedStaleness).toBeLessThanOrEqual(2 * 2 + 1024);
    // j's b went quiet after 100 s: stale 3 min later, on its deadline, as the engine visiting everything says
    expect(sut.valueOf('j', '2026-11-23')).toEqual(reference.valueOf('j', '2026-11-23'));
    expect(sut.valueOf('j', '2026-11-23')?.quality.stale).toBe(true);
    expect(sut.valueOf('k', '2026-11-23')).toMatchObject({ value: 20_000, quality: { stale: false } });
  });

  it('gives the values of visiting every KPI on every pass, call by call (ingest, tick, deaths, manual values)', () => {
    const model = TwinModelBuilder.model()
      .calendar({ timezone: '+01:00' })
      .signal('a', 'b', 'c', 'd')
      .declare({ maxHold: '20m' }, 'a')
      .declare({ kind: 'counter' }, 'b')
      .declare({ kind: 'amount' }, 'c')
      .kpi('slide', 'avg(a, 30m) + sum(c, 2h) + rate(b, 1h)', { updateFrequency: '10m' })
      .kpi('held', 'avg(a, period) + last(d, 15m)', { updateFrequency: '5m' })
      .kpi('plain', 'sum(c, period) + max(d, period) + b', { updateFrequency: '1m' })
      .kpi('target', undefined)
      .kpi('gap', 'held - target + sum(slide, 3h)', { updateFrequency: '1h' })
      .kpi('weekly', 'avg(plain, period) + d', { period: 'week', updateFrequency: '1h' })
      // latest values of other KPIs only: its staleness follows theirs, with no deadline of its own
      .kpi('pair', 'held + plain', { updateFrequency: '2m' })
      .kpi('monthly', 'weekly - pair', { period: 'month', updateFrequency: '1h' })
      .build();
    const STEP = 90 * MIN;
    // A live stream: batch i is around T0 + i * 90 min, some samples up to 3 h late, some 30 min ahead.
    const sampleArb = fc.record({
      signalId: fc.constantFrom('a', 'b', 'c', 'd'),
      ts: fc.integer({ min: -180 * MIN, max: 30 * MIN }),
      value: fc.integer({ min: -100, max: 100 }),
      quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
      source: fc.constant('test'),
    });
    const opArb = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .array(sampleArb, { minLength: 1, maxLength: 6 })
          .map((samples) => ({ kind: 'ingest' as const, samples })),
      },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 * STEP }).map((now) => ({ kind: 'tick' as const, now })) },
      { weight: 1, arbitrary: fc.constantFrom('a', 'b', 'c', 'd').map((id) => ({ kind: 'death' as const, id })) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map((day) => ({ kind: 'manual' as const, day })) },
    );
    type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;
    const run = (sut: KpiEngine, op: Op, i: number) => {
      const base = T0 + i * STEP;
      switch (op.kind) {
        case 'ingest':
          return sut.ingest(op.samples.map((s) => ({ ...s, ts: base + s.ts })));
        case 'tick':
          return sut.tick(base + op.now);
        case 'death':
          // a death reaches the engine as its restatement: a bad sample after the batch's newest one
          return sut.ingest([sample(op.id, base + 30 * MIN + 1, 0, 'bad')]);
        case 'manual':
          return sut.setManualValue(
            'target',
            new Date(T0 + op.day * 86_400_000 + 3_600_000).toISOString().slice(0, 10),
            op.day,
            0,
          );
      }
    };
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const sut = new KpiEngine(model, { clock: () => 0 });
        const reference = new KpiEngine(model, { clock: () => 0, visitAll: true });
        ops.forEach((op, i) => expect(run(sut, op, i)).toEqual(run(reference, op, i)));
        for (const id of sut.kpiIds()) expect(sut.history(id)).toEqual(reference.history(id));
        expect(sut.stats().evaluations).toBeLessThanOrEqual(reference.stats().evaluations);
      }),
      { numRuns: 150, seed: 1515 },
    );
  });
});
