import type { SignalSample } from '@bsc/common';
import { TwinModelBuilder, validateModel, type TwinModel } from '@bsc/twin';
import { buildDailyKpiSeries, DAY_MS } from './daily-kpi-series';
import { testSample as signalSample } from '@bsc/common';

const DAY1 = Date.UTC(2026, 10, 1);
const sample = (signalId: string, day: number, hour: number, value: number): SignalSample =>
  signalSample(signalId, DAY1 + day * DAY_MS + hour * 3_600_000, value);

function pages(samples: SignalSample[]): AsyncIterable<readonly SignalSample[]> {
  return {
    [Symbol.asyncIterator]: () => {
      let done = false;
      return {
        next: (): Promise<IteratorResult<readonly SignalSample[]>> => {
          if (done) return Promise.resolve({ done: true, value: undefined });
          done = true;
          return Promise.resolve({ done: false, value: samples });
        },
      };
    },
  };
}

describe(buildDailyKpiSeries.name, () => {
  it('builds a daily series per KPI and per period aggregate of a term-by-term formula', async () => {
    const raw = TwinModelBuilder.minimal()
      .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(line1.good, period)) * 100')
      .toDocument();
    const model = validateModel(raw).model as TwinModel;
    // day 0: good 40 + 60, scrap 1 + 4; day 1: good 50, scrap 5
    const samples = [
      sample('line1.good', 0, 1, 40),
      sample('line1.scrap', 0, 1, 1),
      sample('line1.good', 0, 2, 60),
      sample('line1.scrap', 0, 2, 4),
      sample('line1.good', 1, 1, 50),
      sample('line1.scrap', 1, 1, 5),
    ];

    const sut = await buildDailyKpiSeries(model, pages(samples));

    expect(sut.get('scrap_rate')).toEqual({ start: DAY1, values: [5, 10] }); // 5 / 100 x 100; 5 / 50 x 100
    expect(sut.get('sum(line1.scrap, period)')).toEqual({ start: DAY1, values: [5, 5] });
    expect(sut.get('sum(line1.good, period)')).toEqual({ start: DAY1, values: [100, 50] });
  });
});
