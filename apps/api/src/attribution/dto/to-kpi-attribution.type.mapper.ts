import type { AttributionPart, KpiAttribution } from '@bsc/scorecard';
import type { AttributionPartType, KpiAttributionType } from './kpi-attribution.types';

export function toKpiAttributionType(a: KpiAttribution): KpiAttributionType {
  return {
    from: a.from,
    to: a.to,
    change: a.change,
    exact: a.exact,
    parts: a.parts.map(toAttributionPartType),
    bySignal: a.bySignal,
    byAsset: a.byAsset,
    byUnit: a.byUnit,
    corrections: a.corrections,
    reportedChange: a.reportedChange,
    targetChange: a.targetChange,
    gapChange: a.gapChange,
  };
}

function toAttributionPartType(p: AttributionPart): AttributionPartType {
  return {
    term: p.term,
    inputId: p.id,
    source: p.source,
    before: p.before,
    after: p.after,
    contribution: p.contribution,
    inputFrom: p.periods?.from ?? null,
    inputTo: p.periods?.to ?? null,
    parts: p.parts.map(toAttributionPartType),
  };
}
