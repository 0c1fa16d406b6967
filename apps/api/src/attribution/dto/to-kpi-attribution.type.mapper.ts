import type { AttributionPart, KpiAttribution } from '@bsc/scorecard';
import type { AttributionPartType, KpiAttributionType } from './kpi-attribution.types';

/** `versions`: the model versions in force at the two ends (null where no versions are stored). */
export function toKpiAttributionType(
  a: KpiAttribution,
  versions: { from: number | null; to: number | null } = { from: null, to: null },
): KpiAttributionType {
  return {
    from: a.from,
    to: a.to,
    change: a.change,
    exact: a.exact,
    parts: a.parts.map(toAttributionPartType),
    bySignal: a.bySignal,
    byAsset: a.byAsset,
    byUnit: a.byUnit,
    modelChange: a.modelChange,
    fromModelVersion: versions.from,
    toModelVersion: versions.to,
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
