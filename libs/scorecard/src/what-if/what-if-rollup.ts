import type { TwinModel } from '@bsc/twin';
import type { KpiWhatIf, RollupWhatIf } from './what-if.types';

/**
 * Objectives, perspectives and units above the affected KPIs: the weighted mean probability of meeting target of
 * their affected KPIs (objective KPI weights, then objective weights), baseline and scenario side by side. A
 * perspective rolls up the model's objectives in it: a model cut to some objectives rolls up those alone.
 */
export function rollUpWhatIf(
  model: TwinModel,
  kpis: readonly KpiWhatIf[],
  periodsAhead = 0,
): { objectives: RollupWhatIf[]; perspectives: RollupWhatIf[]; units: RollupWhatIf[] } {
  const byId = new Map(kpis.map((k) => [k.kpiId, k]));
  const objectives: Array<RollupWhatIf & { weight: number; perspective: string }> = [];
  for (const o of model.objectives) {
    const parts = o.kpis.flatMap((ref) => {
      const k = byId.get(ref.kpi);
      return k ? [{ weight: ref.weight, k }] : [];
    });
    if (parts.length === 0) continue;
    objectives.push({
      id: o.id,
      periodsAhead,
      weight: o.weight,
      perspective: o.perspective,
      baseline: weighted(parts.map((p) => [p.weight, p.k.baseline.probabilityOfMeetingTarget])),
      scenario: weighted(parts.map((p) => [p.weight, p.k.scenario.probabilityOfMeetingTarget])),
    });
  }
  const perspectives = model.perspectives.flatMap((p) => {
    const parts = objectives.filter((o) => o.perspective === p.id);
    if (parts.length === 0) return [];
    return [
      {
        id: p.id,
        periodsAhead,
        baseline: weighted(parts.map((o) => [o.weight, o.baseline])),
        scenario: weighted(parts.map((o) => [o.weight, o.scenario])),
      },
    ];
  });
  const kpiUnit = new Map(model.kpis.map((k) => [k.id, k.orgUnit]));
  const units = model.units.flatMap((u) => {
    const parts = kpis.filter((k) => kpiUnit.get(k.kpiId) === u.id);
    if (parts.length === 0) return [];
    return [
      {
        id: u.id,
        periodsAhead,
        baseline: weighted(parts.map((k) => [1, k.baseline.probabilityOfMeetingTarget])),
        scenario: weighted(parts.map((k) => [1, k.scenario.probabilityOfMeetingTarget])),
      },
    ];
  });
  return {
    objectives: objectives.map(({ id, baseline, scenario }) => ({ id, periodsAhead, baseline, scenario })),
    perspectives,
    units,
  };
}

function weighted(parts: Array<[number, number | null]>): number | null {
  const known = parts.filter((p): p is [number, number] => p[1] !== null);
  const total = known.reduce((s, [w]) => s + w, 0);
  return total > 0 ? known.reduce((s, [w, v]) => s + w * v, 0) / total : null;
}
