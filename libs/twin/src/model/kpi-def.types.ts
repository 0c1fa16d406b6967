import type { DurationText, Id, ReportingPeriod } from './model-primitives.types';

// KPIs: how they are computed, aggregated, targeted and judged.

export const KPI_DIRECTIONS = ['higher_is_better', 'lower_is_better', 'band'] as const;
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];

/** How a KPI's samples are combined over its reporting period (and how a forecast accumulates). */
export const KPI_AGGREGATIONS = ['avg', 'sum', 'last', 'min', 'max', 'count'] as const;
export type KpiAggregation = (typeof KPI_AGGREGATIONS)[number];

/** How child org units' values of the same KPI combine into the parent's (cascading). */
export const ROLLUP_RULES = ['weighted_average', 'sum', 'worst', 'best'] as const;
export type RollupRule = (typeof ROLLUP_RULES)[number];

/**
 * How a KPI's target for a period is spread over the period, to compare a period-to-date value with a to-date
 * target: `none` (the full target applies at any time: levels such as averages and ratios), `calendar` (linear in
 * calendar time), `working_days` (linear over the working days of the model's calendar) or `profile` (weights per
 * sub-period: months of a quarter or year, days of a week; linear within each).
 */
export const TARGET_PHASINGS = ['none', 'calendar', 'working_days', 'profile'] as const;
export type TargetPhasing = (typeof TARGET_PHASINGS)[number];

export interface TargetPhasingDef {
  mode: TargetPhasing;
  /** Only for `profile`: one non-negative weight per sub-period, in order (normalised by their sum). */
  weights?: number[];
}

export interface TargetDef {
  /** Period key, e.g. "2026", "2026-Q3", "2026-11", "2026-W47", "2026-11-22" (fiscal for year/quarter). */
  period: string;
  value: number;
  /** For band KPIs: the acceptable band in this period. */
  lower?: number;
  upper?: number;
}

export interface ThresholdsDef {
  /** Deviations are absolute in the KPI's unit, or percent of the target. */
  mode: 'absolute' | 'percent';
  /** Unfavourable deviation from target still counted on target. */
  atRisk: number;
  /** Unfavourable deviation from which the KPI is off target. */
  offTarget: number;
}

export interface KpiDef {
  id: Id;
  name: string;
  description?: string;
  /** Measurement unit, e.g. "%", "EUR", "kWh/unit". */
  unit: string;
  orgUnit: Id;
  direction: KpiDirection;
  /** Formula over signal ids and KPI ids; absent for purely manual KPIs. */
  formula?: string;
  aggregation: KpiAggregation;
  period: ReportingPeriod;
  /** Target that applies when no per-period target matches. */
  target?: number;
  /** Band for band KPIs when no per-period band matches. */
  band?: { lower: number; upper: number };
  targets: TargetDef[];
  /**
   * How the period's target is phased to date. Default: `calendar` for cumulative KPIs (period sums and counts,
   * see kpiAccumulation), `none` for levels (averages, ratios, snapshots) and band KPIs.
   */
  phasing?: TargetPhasingDef;
  thresholds: ThresholdsDef;
  /** Value that scores 0 (worst plausible); defaults derived from target and thresholds. */
  baseline?: number;
  indicator: 'lead' | 'lag';
  owner?: string;
  updateFrequency: DurationText;
  manualEntry: boolean;
  /** Valid range for values (manual entries are checked against it). */
  range?: { min?: number; max?: number };
  rollup: RollupRule;
  /**
   * Cascading key: a KPI without a formula takes its value from the KPIs of the same family in the child units,
   * combined by `rollup` (e.g. group OEE from the plants' OEE, group revenue as the sum of the units' revenue).
   */
  family?: string;
  /** Perspective of the KPI; derived from its first objective when absent. */
  perspective?: Id;
}
