import { testSample as sample, type KpiValue } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';

const at = (day: number, h: number) => Date.UTC(2026, 10, day, h);
const brief = (values: KpiValue[]) => values.map((v) => [v.kpiId, v.periodKey, v.value]);

/** ka = time-weighted daily average of the gauge a (held up to a day); b feeds another KPI. */
const model = () =>
  TwinModelBuilder.model()
    .signal('a', 'b')
    .declare({ kind: 'gauge', maxHold: '1d' }, 'a')
    .declare({ kind: 'amount' }, 'b')
    .kpi('ka', 'avg(a, period)')
    .kpi('kb', 'sum(b, period)')
    .build();

describe(`${KpiEngine.name}.advanceTo`, () => {
  it("moves event time as another signal's sample does: Nov 4 closes at (10 × 6 h + 20 × 18 h) / 24 h = 17.5", () => {
    const sut = new KpiEngine(model(), { clock: () => 0 });
    sut.ingest([sample('a', at(4, 0), 10), sample('a', at(4, 6), 20)]);
    expect(brief(sut.advanceTo(at(5, 1)))).toEqual(
      expect.arrayContaining([
        ['ka', '2026-11-04', 17.5],
        ['ka', '2026-11-05', 20],
      ]),
    );
    expect(sut.watermark).toBe(at(5, 1));
  });

  it('does nothing before the first sample, nor backwards', () => {
    const sut = new KpiEngine(model(), { clock: () => 0 });
    expect(sut.advanceTo(at(5, 1))).toEqual([]);
    expect(sut.watermark).toBe(-Infinity);
    sut.ingest([sample('a', at(4, 6), 20)]);
    expect(sut.advanceTo(at(4, 5))).toEqual([]);
    expect(sut.watermark).toBe(at(4, 6));
  });
});
