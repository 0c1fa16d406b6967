import type { KpiValue } from '@bsc/common';

const NOV_2026 = { periodKey: '2026-11', periodStart: Date.UTC(2026, 10, 1), periodEnd: Date.UTC(2026, 11, 1) };

export function aKpiValue(overrides: Partial<KpiValue> = {}): KpiValue {
  return {
    kpiId: 'oee',
    ...NOV_2026,
    value: 0.8,
    asOf: Date.UTC(2026, 10, 20),
    computedAt: Date.UTC(2026, 10, 20, 0, 0, 1),
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
    ...overrides,
  };
}

/** The KPI's value for the month `month` (0-based) of 2026. */
export function aMonthlyKpiValue(kpiId: string, month: number, value: number | null): KpiValue {
  const periodStart = Date.UTC(2026, month, 1);
  const periodEnd = Date.UTC(2026, month + 1, 1);
  return aKpiValue({
    kpiId,
    periodKey: `2026-${String(month + 1).padStart(2, '0')}`,
    periodStart,
    periodEnd,
    value,
    asOf: periodEnd - 1,
  });
}
