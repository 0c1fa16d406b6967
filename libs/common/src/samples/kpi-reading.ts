import type { KpiValue } from './signal-sample.types';

/**
 * Two values of a KPI's period read the same: value, period bounds, origin and quality. Their times may differ (a
 * repeat is stored once, so an announcement and the stored row can carry different ones).
 */
export function sameKpiReading(a: KpiValue, b: KpiValue): boolean {
  return (
    a.value === b.value &&
    a.periodStart === b.periodStart &&
    a.periodEnd === b.periodEnd &&
    a.origin === b.origin &&
    a.quality.coverage === b.quality.coverage &&
    a.quality.stale === b.quality.stale &&
    a.quality.quality === b.quality.quality
  );
}
