import { testSample, type SignalSample } from '@bsc/common';
import { KpiEngine } from '@bsc/kpi';
import { TwinModelBuilder } from '@bsc/twin';
import { feedPages } from './daily-engine-checkpoint';
import { pagesOf } from './testing/sample-pages';

const T0 = Date.UTC(2026, 10, 20);
const MIN = 60_000;

describe(feedPages.name, () => {
  const model = TwinModelBuilder.model()
    .signal('g', 'c')
    .declare({ maxHold: '2h' }, 'g')
    .declare({ kind: 'counter' }, 'c')
    .kpi('level', 'avg(g, period) + max(g, 30m) - min(g, 3h)', { period: 'day' })
    .kpi('flow', 'rate(c, 1h) + sum(g, period)', { period: 'day' })
    .build();
  // two days of g every 7 min and c every 11 min, the pages in time order
  const samples: SignalSample[] = [];
  for (let m = 0; m < 2 * 24 * 60; m++) {
    if (m % 7 === 0) samples.push(testSample('g', T0 + m * MIN, (m * 37) % 101));
    if (m % 11 === 0) samples.push(testSample('c', T0 + m * MIN, m * 3));
  }
  samples.sort((a, b) => a.ts - b.ts);

  it.each([1, 7, 50, 10_000])(
    'gives the values of a page-by-page replay whatever the batch (%i samples)',
    async (batch) => {
      const reference = new KpiEngine(model);
      for await (const page of pagesOf(samples, 40)) reference.replay(page);
      const sut = new KpiEngine(model, { movingRefreshMs: 3_600_000 });
      expect(await feedPages(sut, pagesOf(samples, 40), batch)).toBe(samples.length);
      sut.refreshMoving();
      for (const id of ['level', 'flow']) {
        const values = (e: KpiEngine) => e.history(id).map((v) => [v.periodKey, v.value, v.quality]);
        expect(values(sut)).toEqual(values(reference));
        expect(values(sut)).toHaveLength(2);
      }
    },
  );
});
