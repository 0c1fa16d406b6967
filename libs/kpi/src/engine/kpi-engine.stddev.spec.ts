import { testSample as sample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';

const DAY = Date.UTC(2026, 10, 22);
const HOUR = 3_600_000;

describe(`${KpiEngine.name} stddev`, () => {
  const model = TwinModelBuilder.model().signal('x').kpi('spread', 'stddev(x, period)').build();

  // Hours apart, so the period merges one minute bucket per reading; expected values worked from the definition.
  it.each<[string, number[], number]>([
    ['halves near 1e9: deviations -1, 0, 1', [1e9 + 0.5, 1e9 + 1.5, 1e9 + 2.5], 1],
    ['integers near 1e8: deviations ±1.5, ±0.5', [100000001, 100000002, 100000003, 100000004], Math.sqrt(5 / 3)],
  ])('of readings far from zero: %s', (_, values, expected) => {
    const sut = new KpiEngine(model, { clock: () => 0 });
    // newest first: the result does not depend on arrival order
    sut.ingest(values.map((v, i) => sample('x', DAY + (i + 1) * HOUR, v)).reverse());
    expect(sut.valueOf('spread', '2026-11-22')?.value).toBe(expected);
  });
});
