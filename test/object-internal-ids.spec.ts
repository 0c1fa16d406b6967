import type { KpiValue } from '@bsc/common';
import { KpiEngine } from '@bsc/kpi';
import { buildScorecard } from '@bsc/scorecard';
import { loadModelFromText, type TwinModel } from '@bsc/twin';

// Ids that name members every plain object inherits: legal in a model (only __proto__, constructor and prototype are
// refused), so every lookup keyed by them must be a Map or a prototype-free object.
const NOV_2 = Date.UTC(2026, 10, 2);
const document = {
  apiVersion: 'bsc.twin/v1',
  id: 'internals',
  name: 'Ids named like object members',
  units: [
    { id: 'acme', name: 'Acme' },
    { id: 'hasOwnProperty', name: 'Line unit', parent: 'acme' },
  ],
  processes: [{ id: 'line', name: 'Line', unit: 'hasOwnProperty' }],
  signals: [
    {
      id: 'isPrototypeOf',
      name: 'Speed',
      measures: 'line',
      unit: 'toString',
      dataType: 'double',
      source: { mqtt: { topic: 'acme/+valueOf/speed', jsonPath: '$.v' } },
    },
  ],
  kpis: [
    {
      id: 'toString',
      name: 'Average speed',
      unit: 'toString',
      orgUnit: 'hasOwnProperty',
      direction: 'higher_is_better',
      formula: 'avg_samples(isPrototypeOf, period)',
      target: 100,
      thresholds: { mode: 'absolute', atRisk: 5, offTarget: 10 },
    },
    {
      id: 'valueOf',
      name: 'Top speed',
      unit: 'toString',
      orgUnit: 'acme',
      direction: 'higher_is_better',
      formula: 'max(isPrototypeOf, period)',
      target: 100,
      thresholds: { mode: 'absolute', atRisk: 5, offTarget: 10 },
    },
  ],
  objectives: [
    {
      id: 'propertyIsEnumerable',
      name: 'Fast line',
      perspective: 'financial',
      unit: 'hasOwnProperty',
      kpis: ['toString'],
    },
    { id: 'toLocaleString', name: 'Fast plant', perspective: 'financial', unit: 'acme', kpis: ['valueOf'] },
  ],
};

describe('ids named like members of Object.prototype, end to end', () => {
  let model: TwinModel;

  beforeAll(() => {
    const loaded = loadModelFromText(JSON.stringify(document), 'json');
    expect(loaded.issues).toEqual([]);
    model = loaded.model as TwinModel;
  });

  it('computes the KPIs and rolls them up through the unit tree', () => {
    const engine = new KpiEngine(model, { clock: () => NOV_2 + 3_000 });
    engine.replay(
      [80, 90, 100].map((value, i) => ({
        signalId: 'isPrototypeOf',
        ts: NOV_2 + i * 1_000,
        value,
        quality: 'good' as const,
        source: 'test',
      })),
    );
    const values = new Map<string, KpiValue>(engine.currentValues().map((v) => [v.kpiId, v]));
    // The mean per sample of 80, 90, 100 is 90; the maximum 100.
    expect([...values.keys()].sort()).toEqual(['toString', 'valueOf']);
    expect([values.get('toString')?.value, values.get('valueOf')?.value]).toEqual([90, 100]);

    const card = buildScorecard(model, 'acme', values, {
      asOf: NOV_2 + 3_000,
      periodKeyFor: () => values.get('toString')!.periodKey,
      modelVersion: 1,
    });
    // higher_is_better, target 100, off target 10 below: score = 10 - (100 - value) / 2, so 90 -> 5 and 100 -> 10.
    const line = card.children.find((c) => c.unit.id === 'hasOwnProperty')!;
    expect(line.perspectives.find((p) => p.id === 'financial')?.objectives[0].kpis).toEqual([
      expect.objectContaining({ id: 'toString', value: 90, score: 5 }),
    ]);
    expect(line.score).toBe(5);
    // acme: own objectives (10, weight 1) and the child unit (5, weight 1) -> 7.5.
    expect(card.own?.score).toBe(10);
    expect(card.score).toBe(7.5);
  });
});
