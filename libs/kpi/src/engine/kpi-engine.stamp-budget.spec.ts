import type { KpiValue, SampleQuality, SignalSample } from '@bsc/common';
import fc from 'fast-check';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';

const T0 = Date.UTC(2026, 10, 22, 18);

// Sliding and period windows over a held gauge (a) and a counter (b), as the determinism property uses.
const model = TwinModelBuilder.model()
  .signal('a', 'b')
  .declare({ maxHold: '2h' }, 'a')
  .declare({ kind: 'counter' }, 'b')
  .kpi('level', 'avg(a, period) + max(a, period) - min(a, 3h) + sum(b, period) + rate(b, 6h)')
  .kpi('mix', 'avg(a, 1h) + max(b, 15m) - min(a, 30m) + count(a, 10m)')
  .kpi('total', 'sum(a, period) + last(b, 45m)')
  .build();

function values(sut: KpiEngine): Record<string, Array<[string, number | null, number]>> {
  const out: Record<string, Array<[string, number | null, number]>> = {};
  for (const id of sut.kpiIds()) out[id] = sut.history(id).map((v: KpiValue) => [v.periodKey, v.value, v.asOf]);
  return out;
}

/** Samples in time order (a stream without late data), a few seconds to minutes apart. */
const streamArb = fc
  .array(
    fc.record({
      signalId: fc.constantFrom('a', 'b'),
      gapMs: fc.integer({ min: 1, max: 90_000 }),
      value: fc.integer({ min: 0, max: 1_000 }),
      quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
    }),
    { minLength: 1, maxLength: 400 },
  )
  .map((steps) => {
    let ts = T0;
    return steps.map(({ signalId, gapMs, value, quality }): SignalSample => {
      ts += gapMs;
      return { signalId, ts, value, quality, source: 'test' };
    });
  });

describe('KpiEngine stamp budget', () => {
  it('gives the same values with a tiny stamp budget as without one, for data in time order', () => {
    fc.assert(
      fc.property(streamArb, fc.integer({ min: 1, max: 50 }), (samples, batch) => {
        const bounded = new KpiEngine(model, { clock: () => 0, maxKeptStamps: 8 });
        const unbounded = new KpiEngine(model, { clock: () => 0, maxKeptStamps: Number.MAX_SAFE_INTEGER });
        for (let i = 0; i < samples.length; i += batch) {
          bounded.ingest(samples.slice(i, i + batch));
          unbounded.ingest(samples.slice(i, i + batch));
        }
        expect(values(bounded)).toEqual(values(unbounded));
        expect(bounded.stats()).toEqual(unbounded.stats());
      }),
      { numRuns: 60 },
    );
  });

  it('still drops a re-delivered batch of the newest samples under a tiny budget', () => {
    const sut = new KpiEngine(model, { clock: () => 0, maxKeptStamps: 4 });
    const stream = Array.from({ length: 20 }, (_, i): SignalSample => ({
      signalId: 'a',
      ts: T0 + i * 1_000,
      value: i,
      quality: 'good',
      source: 'test',
    }));
    sut.ingest(stream);
    // A re-delivery of the last sample (QoS 1 after a reconnect): its stamp is the newest one a bucket keeps.
    sut.ingest(stream.slice(-1));

    expect(sut.stats()).toMatchObject({ accepted: 20, duplicates: 1 });
  });
});
