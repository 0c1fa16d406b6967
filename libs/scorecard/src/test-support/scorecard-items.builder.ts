// Test-only item builders (not exported from the library barrel); models come from @bsc/twin's TwinModelBuilder.
import { TwinModelBuilder, type KpiDef, type TwinModel } from '@bsc/twin';
import type { KpiValue } from '@bsc/common';
import type { MeasuredLink } from '../what-if/what-if.types';

export function aKpi(overrides: Partial<KpiDef> & Record<string, unknown> = {}): KpiDef {
  return {
    id: 'kpi',
    name: 'A KPI',
    unit: '%',
    orgUnit: 'plant',
    direction: 'higher_is_better',
    aggregation: 'avg',
    period: 'month',
    target: 100,
    targets: [],
    thresholds: { mode: 'absolute', atRisk: 5, offTarget: 10 },
    indicator: 'lag',
    updateFrequency: '1h',
    manualEntry: false,
    rollup: 'weighted_average',
    formula: 'x',
    ...overrides,
  };
}

export function aKpiValue(kpiId: string, value: number | null, overrides: Partial<KpiValue> = {}): KpiValue {
  return {
    kpiId,
    periodKey: '2026-11',
    periodStart: Date.UTC(2026, 10, 1),
    periodEnd: Date.UTC(2026, 11, 1),
    value,
    asOf: Date.UTC(2026, 10, 20),
    computedAt: Date.UTC(2026, 10, 20),
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
    ...overrides,
  };
}

/** A KPI of `unit` with the scoring tests' defaults, for TwinModelBuilder's `addKpi`. */
export function scoredKpi(id: string, unit: string, extra: Partial<KpiDef> & Record<string, unknown> = {}): KpiDef {
  return aKpi({ id, name: id, orgUnit: unit, ...extra });
}

/**
 * Two customer objectives of one unit: `sell` scores orders (a period sum of erp.orders, target 320) and `deliver`
 * scores on-time delivery (a period average of erp.otd, target 95), the two ends of the what-if specs' link.
 */
export function ordersAndDeliveryModel(): TwinModel {
  return TwinModelBuilder.model('test-model')
    .unit('acme')
    .addKpi(scoredKpi('orders', 'acme', { formula: 'sum(erp.orders, period)', aggregation: 'sum', target: 320 }))
    .addKpi(scoredKpi('otd', 'acme', { formula: 'avg(erp.otd, period)', target: 95 }))
    .objective('sell', 'acme', 'customer', [['orders', 1]])
    .objective('deliver', 'acme', 'customer', [['otd', 1]])
    .build();
}

/**
 * The measured link of that model: selling moves delivery 14 days later, half a standard unit per unit, with no
 * slope uncertainty, so every draw of a simulation carries the same effect and the figures are exact.
 */
export function sellToDeliverLink(): MeasuredLink {
  return {
    from: 'sell',
    to: 'deliver',
    lagMs: 14 * 86_400_000,
    slope: 0.5,
    slopeStdError: 0,
    significant: true,
    pValue: 0.001,
    kpiScales: { orders: 10, otd: 4 },
  };
}
