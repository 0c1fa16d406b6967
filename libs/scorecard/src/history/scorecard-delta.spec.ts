import { TwinModelBuilder } from '@bsc/twin';
import type { KpiValue } from '@bsc/common';
import { buildScorecard } from '../rollup/scorecard-builder';
import { aKpiValue, scoredKpi } from '../test-support/scorecard-items.builder';
import { compareScorecards } from './scorecard-delta';

const model = TwinModelBuilder.model('test-model')
  .unit('acme')
  .unit('north', 'acme')
  .addKpi(scoredKpi('rev', 'acme'))
  .addKpi(scoredKpi('oee', 'north'))
  .objective('o-rev', 'acme', 'financial', [['rev', 1]])
  .objective('o-oee', 'north', 'internal_process', [['oee', 1]])
  .build();
const build = (values: Record<string, number>) =>
  buildScorecard(
    model,
    'acme',
    new Map<string, KpiValue>(Object.entries(values).map(([id, v]) => [id, aKpiValue(id, v)])),
    { asOf: Date.UTC(2026, 10, 20, 0, 10), periodKeyFor: () => '2026-11' },
  );

describe(compareScorecards.name, () => {
  const sut = compareScorecards(build({ rev: 100, oee: 85 }), build({ rev: 90, oee: 100 }));

  it.each<[string, () => unknown, unknown]>([
    // financial: rev 100 -> 10 (was 5); internal process from north: oee 85 -> 2.5 (was 10)
    ['unit score delta', () => sut.scoreDelta, (10 + 2.5) / 2 - (5 + 10) / 2],
    ['unit trend', () => sut.trend, 'worsened'],
    ['KPI value delta', () => sut.perspectives[0].objectives[0].kpis[0].valueDelta, 10],
    ['KPI status change', () => sut.perspectives[0].objectives[0].kpis[0].statusChanged, true],
    ['KPI trend', () => sut.perspectives[0].objectives[0].kpis[0].trend, 'improved'],
    ['child unit compared by id', () => sut.children[0].perspectives[2].objectives[0].kpis[0].valueDelta, -15],
    [
      'child status change',
      () => [sut.children[0].previousStatus, sut.children[0].status],
      ['on_target', 'off_target'],
    ],
  ])('%s', (_name, select, expected) => expect(select()).toEqual(expected));

  it('treats a node missing from the previous scorecard as new', () => {
    const delta = compareScorecards(build({ rev: 100 }), undefined);

    expect(delta).toMatchObject({
      previousScore: null,
      scoreDelta: null,
      previousStatus: null,
      statusChanged: false,
      trend: null,
    });
  });

  it('does not count equal scores as a trend', () => {
    expect(compareScorecards(build({ rev: 95 }), build({ rev: 95 })).trend).toBe('unchanged');
  });
});
