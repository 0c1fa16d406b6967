import { TwinModelBuilder } from '@bsc/twin';
import type { KpiValue } from '@bsc/common';
import { buildScorecard } from '../rollup/scorecard-builder';
import { aKpiValue, scoredKpi } from '../test-support/scorecard-items.builder';
import { observationsFromScorecard } from './kpi-observations';

describe(observationsFromScorecard.name, () => {
  it('lists each KPI of the tree once, with status, target and probability', () => {
    const model = TwinModelBuilder.model('test-model')
      .unit('acme')
      .unit('north', 'acme')
      .addKpi(scoredKpi('shared', 'acme'))
      .addKpi(scoredKpi('line', 'north'))
      .objective('o1', 'acme', 'financial', [['shared', 1]])
      .objective('o2', 'acme', 'customer', [['shared', 1]])
      .objective('o3', 'north', 'financial', [['line', 1]])
      .build();
    const values = new Map<string, KpiValue>([['shared', aKpiValue('shared', 85)]]);
    const at = Date.UTC(2026, 10, 20, 0, 10);
    const card = buildScorecard(model, 'acme', values, {
      asOf: at,
      periodKeyFor: () => '2026-11',
      predicted: new Map([['shared', { expected: 90, probability: 0.3 }]]),
    });

    const sut = observationsFromScorecard(card, at);

    expect(sut).toEqual([
      {
        kpiId: 'shared',
        at,
        value: 85,
        status: 'off_target',
        target: 100,
        probability: 0.3,
        updatedAt: Date.UTC(2026, 10, 20),
      },
      { kpiId: 'line', at, value: null, status: 'no_data', target: 100, probability: null, updatedAt: undefined },
    ]);
  });
});
