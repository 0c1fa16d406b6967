import type { TargetOverride, TargetOverrides } from '@bsc/scorecard';
import type { TargetOverrideRecord } from '../stores/target-override.store';

/** Stored overrides as the scorecard library expects them: kpiId -> periodKey -> target. */
export function toTargetOverrides(records: readonly TargetOverrideRecord[]): TargetOverrides {
  const map = new Map<string, Map<string, TargetOverride>>();
  for (const r of records) {
    let byPeriod = map.get(r.kpiId);
    if (!byPeriod) map.set(r.kpiId, (byPeriod = new Map<string, TargetOverride>()));
    byPeriod.set(r.periodKey, { value: r.value, lower: r.lower ?? undefined, upper: r.upper ?? undefined });
  }
  return map;
}
