import { validateModel } from '@bsc/twin';
import { scaleModel, scaleModelShape } from './scale-model';

describe('scaleModel', () => {
  it('is a valid twin with the counts of its shape (1,000 signals: 100 KPIs over 3 units)', () => {
    const { model, issues } = validateModel(scaleModel(1_000, 'scale'));
    expect(issues).toEqual([]);
    expect(scaleModelShape(1_000)).toEqual({
      signals: 1_000,
      kpis: 100,
      units: 3,
      processes: 10,
      assets: 50,
      objectives: 8,
    });
    expect(model?.signals).toHaveLength(1_000);
    expect(model?.kpis).toHaveLength(100);
    expect(model?.units.map((u) => u.id)).toEqual(['acme', 'u0', 'u1']);
    expect(model?.objectives).toHaveLength(8);
    expect(new Set(model?.objectives.map((o) => o.perspective))).toEqual(
      new Set(['financial', 'customer', 'internal_process', 'learning_growth']),
    );
  });

  it('reads several signals per KPI and KPIs over KPIs, every KPI in exactly one objective', () => {
    const model = validateModel(scaleModel(1_000, 'scale')).model!;
    expect(model.kpis[0].formula).toBe('avg(s0, 1h) + avg(s1, period) - min(s2, 15m)');
    expect(model.kpis[9].formula).toBe('k8 + k7');
    const held = model.objectives.flatMap((o) => o.kpis.map((r) => r.kpi)).sort();
    expect(held).toEqual(model.kpis.map((k) => k.id).sort());
    expect(model.signals[21].source).toEqual({
      kind: 'mqtt',
      topic: 'scale/a1',
      jsonPath: '$.v1',
      timestampPath: '$.ts',
    });
  });
});
