import type { KpiValue, SampleQuality, SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import fc from 'fast-check';
import { KpiEngine } from './kpi-engine';
import { everyPathModel } from './test-support/every-path-model';

const T0 = Date.UTC(2026, 10, 22, 18);
const SPAN = 2 * 86_400_000;

// every path of the engine (see everyPathModel)
const model = everyPathModel();

const sampleArb = fc.record({
  signalId: fc.constantFrom('a', 'b'),
  ts: fc.integer({ min: T0, max: T0 + SPAN }),
  value: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
  source: fc.constant('test'),
});

/** Unique (signal, ts) samples; the same data then arrives shuffled, split into batches and partly duplicated. */
const scenarioArb = fc
  .uniqueArray(sampleArb, { minLength: 1, maxLength: 80, selector: (s) => `${s.signalId}@${s.ts}` })
  .chain((samples) =>
    fc.record({
      samples: fc.constant(samples),
      shuffled: fc.shuffledSubarray(samples, { minLength: samples.length }),
      duplicates: fc.subarray(samples),
      cuts: fc.array(fc.nat({ max: samples.length }), { maxLength: 6 }),
    }),
  );

const engine = () => new KpiEngine(model, { clock: () => 0, retentionMs: SPAN + 86_400_000 });

function snapshot(sut: KpiEngine): Record<string, Array<[string, number | null, number, boolean, string, number]>> {
  const out: Record<string, Array<[string, number | null, number, boolean, string, number]>> = {};
  for (const id of sut.kpiIds()) {
    out[id] = sut
      .history(id)
      .map((v: KpiValue) => [v.periodKey, v.value, v.quality.coverage, v.quality.stale, v.quality.quality, v.asOf]);
  }
  return out;
}

function inBatches(samples: SignalSample[], cuts: number[]): SignalSample[][] {
  const bounds = [0, ...[...cuts].sort((x, y) => x - y), samples.length];
  return bounds.slice(1).map((end, i) => samples.slice(bounds[i], end));
}

describe(`${KpiEngine.name} determinism`, () => {
  it('any arrival order, batching and duplication gives the values of an in-order replay', () => {
    fc.assert(
      fc.property(scenarioArb, ({ samples, shuffled, duplicates, cuts }) => {
        const reference = engine();
        reference.replay(samples);

        const sut = engine();
        for (const batch of inBatches([...shuffled, ...duplicates], cuts)) sut.ingest(batch);

        expect(snapshot(sut)).toEqual(snapshot(reference));
        expect(sut.stats().duplicates).toBe(duplicates.length);
      }),
      { numRuns: 60 },
    );
  });

  const longWindows = TwinModelBuilder.model()
    .calendar({ timezone: '+05:30' })
    .signal('a', 'b')
    .kpi('long', 'sum(a, 1d) + avg(b, 20h) + count(a, 2h)')
    .kpi('latest', 'a - b + max(a, 36h)')
    .build();
  const coarse = () => new KpiEngine(longWindows, { clock: () => 0, retentionMs: 3_600_000, latenessMs: SPAN });
  const coarseProperty = fc.property(scenarioArb, ({ samples, shuffled, cuts }) => {
    const reference = coarse();
    reference.replay(samples);
    const sut = coarse();
    for (const batch of inBatches(shuffled, cuts)) sut.ingest(batch);
    expect(snapshot(sut)).toEqual(snapshot(reference));
  });

  it('holds for windows longer than the fine-bucket horizon (coarse buckets)', () => {
    fc.assert(coarseProperty, { numRuns: 40 });
  });

  // Recorded failure (seed 583540053 under the old random seeding): late samples beyond the fine horizon that
  // arrived newest first lost their time weight (the middle one's neighbours were unknown).
  it('holds for the recorded seed 583540053 (coarse buckets)', () => {
    fc.assert(coarseProperty, { numRuns: 40, seed: 583540053 });
  });

  it('joins late samples that arrive newest first behind the fine horizon (the shrunk counterexample of that seed)', () => {
    const b = (ts: number, value: number): SignalSample => ({
      signalId: 'b',
      ts: T0 + ts,
      value,
      quality: 'good',
      source: 'test',
    });
    // b is 0, then 1 for one millisecond, then 0; the reading an hour later pushes the first three out of the
    // one-hour fine horizon before the last two arrive, the later one first
    const inOrder = [b(0, 0), b(1, 1), b(2, 0), b(3_660_000, 0)];
    const reference = coarse();
    reference.replay(inOrder);
    const sut = coarse();
    sut.ingest([b(0, 0), b(3_660_000, 0), b(2, 0), b(1, 1)]);
    expect(snapshot(sut)).toEqual(snapshot(reference));
    expect(sut.stats().unjoined).toBe(0);
  });

  it('one sample at a time gives the same values as one batch', () => {
    fc.assert(
      fc.property(scenarioArb, ({ samples, shuffled }) => {
        const oneByOne = engine();
        for (const s of shuffled) oneByOne.ingest([s]);
        const batch = engine();
        batch.ingest(samples);
        expect(snapshot(oneByOne)).toEqual(snapshot(batch));
      }),
      { numRuns: 30 },
    );
  });
});
