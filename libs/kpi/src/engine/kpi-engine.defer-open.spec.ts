import type { SampleQuality } from '@bsc/common';
import { testSample as sample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import fc from 'fast-check';
import { KpiEngine } from './kpi-engine';
import { everyPathModel } from './test-support/every-path-model';
import { batchesOf } from './test-support/stream-batches';

const T0 = Date.UTC(2026, 10, 23, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every stored value of every KPI, as a reader of the engine sees them. */
const valuesOf = (engine: KpiEngine) =>
  engine.kpiIds().map((id) => [id, engine.history(id).map((v) => [v.periodKey, v.value, v.quality, v.asOf])]);

describe(`${KpiEngine.name} replay with open periods deferred`, () => {
  // every path of the engine (see everyPathModel), KPIs read by other KPIs among them
  const model = everyPathModel({ monthly: true });
  const create = () => new KpiEngine(model, { clock: () => 0, movingRefreshMs: HOUR });

  const eventArb = fc.record({
    signalId: fc.constantFrom('a', 'b'),
    step: fc.integer({ min: 0, max: 3 * HOUR }),
    lateBy: fc.oneof(
      { weight: 8, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 * HOUR }) },
    ),
    value: fc.integer({ min: -1_000, max: 1_000 }),
    quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
    batchEnds: fc.boolean(),
  });

  it('gives the values of a pass per batch once the next pass without it ran (seeded property)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 2, maxLength: 120 }), (events) => {
        const batches = batchesOf(events, T0);
        const reference = create();
        const sut = create();
        for (const batch of batches) {
          reference.replay(batch);
          sut.replay(batch, batch.length, true);
        }
        reference.refreshMoving();
        sut.refreshMoving();
        expect(valuesOf(sut)).toEqual(valuesOf(reference));
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it('evaluates an open day once at the end, and a day as it closes', () => {
    // a reading every 10 minutes over two days, fed 12 readings (2 h) at a time: 24 batches
    const sut = new KpiEngine(
      TwinModelBuilder.model().signal('x').kpi('daily', 'sum(x, period)', { period: 'day' }).build(),
      { clock: () => 0 },
    );
    const readings = Array.from({ length: 2 * 144 }, (_, i) => sample('x', T0 + i * 10 * MINUTE, 1));
    for (let i = 0; i < readings.length; i += 12) sut.replay(readings.slice(i, i + 12), 12, true);
    // the first day closed in the 13th batch (its reading at 24:00): evaluated then, once; the second is still open
    expect(sut.stats().evaluations).toBe(1);
    expect(sut.history('daily').map((v) => v.value)).toEqual([144]);
    sut.refreshMoving();
    expect(sut.stats().evaluations).toBe(2);
    expect(sut.history('daily').map((v) => v.value)).toEqual([144, 144]);
  });
});
