import type { WhatIfResult } from '@bsc/scorecard';
import type { WhatIfResultType } from './what-if.types';

/** Only the KPIs, objectives and units the caller may see (perspectives are shared by every unit). */
export function toWhatIfResultType(
  result: WhatIfResult,
  visible: { kpi: (id: string) => boolean; objective: (id: string) => boolean; unit: (id: string) => boolean },
): WhatIfResultType {
  return {
    kpis: result.kpis
      .filter((k) => visible.kpi(k.kpiId))
      .map((k) => ({
        kpiId: k.kpiId,
        periodKey: k.periodKey,
        periodsAhead: k.periodsAhead,
        baseline: k.baseline,
        scenario: k.scenario,
        exactEffect: k.exactEffect,
        termsPeriodKey: k.termsPeriodKey,
        statisticalEffect: k.statisticalEffect,
        steadyStateEffect: k.steadyStateEffect,
        paths: k.paths.map((p) => ({ kind: p.kind, via: p.via, lagMs: p.lagMs, effect: p.effect })),
      })),
    objectives: result.objectives.filter((o) => visible.objective(o.id)),
    perspectives: result.perspectives,
    units: result.units.filter((u) => visible.unit(u.id)),
    linksUsed: result.linksUsed,
    linksExcluded: result.linksExcluded,
    draws: result.draws,
    unavailable: result.unavailable.filter((u) => visible.kpi(u.kpiId)),
  };
}
