import type { FiscalCalendar } from '@bsc/kpi';
import type { KpiDef, TargetPhasing } from '@bsc/twin';

export const KPI_STATUSES = ['on_target', 'at_risk', 'off_target', 'no_data', 'stale', 'no_target'] as const;
/**
 * - on_target / at_risk / off_target: judged from the unfavourable deviation against the thresholds.
 * - no_data: no (finite) value for the period.
 * - stale: a value exists but its inputs stopped updating; score and target are still reported.
 * - no_target: a value exists but neither a per-period target nor a default target applies.
 */
export type KpiStatus = (typeof KPI_STATUSES)[number];

export const AGGREGATE_STATUSES = ['on_target', 'at_risk', 'off_target', 'no_data'] as const;
/** Status of an aggregate (objective, perspective, unit): derived from its score, see score-bands.ts. */
export type AggregateStatus = (typeof AGGREGATE_STATUSES)[number];

/** Per-period targets supplied from outside the model (e.g. a budget import): kpiId -> periodKey -> target. */
export type TargetOverrides = ReadonlyMap<string, ReadonlyMap<string, TargetOverride>>;

export interface TargetOverride {
  value: number;
  lower?: number;
  upper?: number;
}

/** The target that applies to one KPI in one period, and where it came from. */
export interface ResolvedTarget {
  /** Point target; for band KPIs the middle of the band unless the source gave one. */
  value: number;
  /** Only for band KPIs. */
  band?: { lower: number; upper: number };
  source: 'period' | 'override' | 'default';
}

export interface ScoringContext {
  periodKey: string;
  targetsOverride?: TargetOverrides;
  /** Evaluation instant, epoch ms. */
  now: number;
  /** Event time of the newest input of the value, epoch ms. */
  lastUpdate?: number;
  /** Staleness as reported by the KPI engine (KpiValue.quality.stale). */
  stale?: boolean;
  /** Also stale when now - lastUpdate exceeds this many update periods (def.updateFrequency). Default 2. */
  staleAfterPeriods?: number;
  /**
   * The model's calendar: with it a phased target is phased to `now` (a to-date value is judged against the
   * to-date target); without it, or with `atPeriodEnd`, the value is judged against the full period target.
   */
  calendar?: FiscalCalendar;
  /** The value is a period-end value (a projection, a closed period): judge it against the full target. */
  atPeriodEnd?: boolean;
}

export interface KpiScoring {
  status: KpiStatus;
  /** 0..10, null when there is no value or no target. */
  score: number | null;
  /** The full target of the period. */
  target: number | null;
  /** The target the value was judged against: the phased target due by `now`, or the full target when unphased. */
  toDateTarget: number | null;
  /** The phasing applied ('none' when judged against the full target). */
  phasing: TargetPhasing;
  band?: { lower: number; upper: number };
  /**
   * Unfavourable deviation from the target judged against (toDateTarget), in the KPI's unit: positive = worse,
   * negative = better, 0 inside a band. Null when it cannot be computed.
   */
  deviation: number | null;
}

export type ScoreKpi = (def: KpiDef, value: number | null, ctx: ScoringContext) => KpiScoring;
