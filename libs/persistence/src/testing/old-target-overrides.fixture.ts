import type { DataSource } from 'typeorm';
import type { TargetOverride } from '../targets/target-override.types';

/** Two target overrides as stored before their history was kept: one row per (kpi, period). */
export const OLD_TARGET_OVERRIDES: TargetOverride[] = [
  { kpiId: 'oee', periodKey: '2026-11', value: 0.85, lower: null, upper: null, setBy: 'alice', setAt: 1_000 },
  { kpiId: 'temp', periodKey: '2026-11', value: 20, lower: 18, upper: 22, setBy: 'bob', setAt: 2_000 },
];

export async function insertOldTargetOverrides(
  dataSource: DataSource,
  param: (i: number) => string,
  table: (name: string) => string = (name) => name,
): Promise<void> {
  for (const o of OLD_TARGET_OVERRIDES) {
    await dataSource.query(
      `INSERT INTO ${table('kpi_target_override')} (kpi_id, period_key, value, lower, upper, set_by, set_at) ` +
        `VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(', ')})`,
      [o.kpiId, o.periodKey, o.value, o.lower, o.upper, o.setBy, o.setAt],
    );
  }
}
