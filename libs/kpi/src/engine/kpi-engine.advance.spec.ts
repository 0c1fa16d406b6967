import { testSample as sample, type KpiValue } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';

const at = (day: number, h: number) => Date.UTC(2026, 10, day, h);
const brief = (values: KpiValue[]) => values.map((v) => [v.kpiId, v.periodKey, v.value]);

/** ka = time-weighted daily average of the gauge a (held up to a day); b feeds kb (daily sum) and kc (daily count). */
const model = () =>
  TwinModelBuilder.model()
    .signal('a', 'b')
    .declare({ kind: 'gauge', maxHold: '1d' }, 'a')
    .declare({ kind: 'amount' }, 'b')
    .kpi('ka', 'avg(a, period)')
    .kpi('kb', 'sum(b, period)')
    .kpi('kc', 'count(b, period)')
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

  it("from the log's first sample: periods back to it are valued as the engine that took it values them", () => {
    // the engine that took a's samples: kc counts 0 samples of b on Nov 4 (closed) and Nov 5 (open at 01:00)
    const single = new KpiEngine(model(), { clock: () => 0 });
    single.ingest([sample('a', at(4, 0), 10), sample('a', at(5, 1), 20)]);
    const sut = new KpiEngine(model(), { clock: () => 0 });
    // nothing of a or b: avg and sum of no sample are null, a count is 0
    expect(brief(sut.advanceTo(at(5, 1), at(4, 0)))).toEqual([
      ['ka', '2026-11-04', null],
      ['ka', '2026-11-05', null],
      ['kb', '2026-11-04', null],
      ['kb', '2026-11-05', null],
      ['kc', '2026-11-04', 0],
      ['kc', '2026-11-05', 0],
    ]);
    expect(sut.history('kc')).toEqual(single.history('kc'));
    expect(sut.watermark).toBe(at(5, 1));
  });

  it("reaches back to an older first sample than its own: kc of Nov 4 counts 0, Nov 5's 1 sample stays", () => {
    const sut = new KpiEngine(model(), { clock: () => 0 });
    sut.ingest([sample('b', at(5, 1), 3)]);
    expect(brief(sut.advanceTo(at(5, 1), at(4, 0)))).toEqual([
      ['ka', '2026-11-04', null],
      ['kb', '2026-11-04', null],
      ['kc', '2026-11-04', 0],
    ]);
    expect(sut.valueOf('kc', '2026-11-05')?.value).toBe(1);
  });
});
