import type { WhatIfResult } from '@bsc/scorecard';
import type { WhatIfResultType } from './what-if.types';

/** A run as the caller may see it (see scopeWhatIfResult). */
export function toWhatIfResultType(result: WhatIfResult): WhatIfResultType {
  return {
    kpis: result.kpis.map((k) => ({
      kpiId: k.kpiId,
      periodKey: k.periodKey,
      periodsAhead: k.periodsAhead,
      baseline: k.baseline,
      scenario: k.scenario,
      exactEffect: k.exactEffect,
      termsPeriodKey: k.termsPeriodKey,
      approximate: k.approximate && `${k.approximate.kpiId}: ${k.approximate.reason}`,
      statisticalEffect: k.statisticalEffect,
      steadyStateEffect: k.steadyStateEffect,
      paths: k.paths.map((p) => ({ kind: p.kind, via: p.via, lagMs: p.lagMs, effect: p.effect })),
    })),
    objectives: result.objectives,
    perspectives: result.perspectives,
    units: result.units,
    linksUsed: result.linksUsed,
    linksExcluded: result.linksExcluded,
    draws: result.draws,
    unavailable: result.unavailable,
  };
}
