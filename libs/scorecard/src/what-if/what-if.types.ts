import type { TwinModel } from '@bsc/twin';
import type { TargetOverrides } from '../scoring/scoring.types';

/** absolute: add `value`; relative: add `value` times the level (0.05 = +5 %); set: replace the level by `value`. */
export type DriverChange = 'absolute' | 'relative' | 'set';

/**
 * One lever of a scenario: a KPI's level, a signal's level, or a KPI's target. A level counts as the value it
 * changes is read over a period: an average or a total for the share of the window it covers, a snapshot or latest
 * value as it stands at the period end, a `first` reading as at the start of its window, a level's change over it
 * (`delta`) as it stands at the end less at the start (see propagateExact); a target counts as it stands at the
 * period end, where the status is judged (not at all when it starts at or after the end or stops before it; ramped,
 * for the share of its ramp reached by then).
 */
export interface ScenarioDriver {
  kind: 'kpi' | 'signal' | 'target';
  id: string;
  change: DriverChange;
  value: number;
  /** Instant the change starts (ms); before it nothing changes. Default: at once (the start of time). */
  from?: number;
  /** The change grows linearly to its full size over this long after `from`; 0 is a step. */
  rampMs?: number;
  /** Instant the change stops (ms, after `from`), mid-ramp if the ramp has not ended. Default: never. */
  until?: number;
}

export interface Scenario {
  drivers: ScenarioDriver[];
  /** Also propagate along links the data does not support significantly. */
  includeNonSignificant?: boolean;
  draws?: number;
  seed?: number;
}

/** A KPI's period-end expectation without the scenario. */
export interface KpiBaseline {
  kpiId: string;
  period: { key: string; start: number; end: number };
  expected: number;
  /**
   * Standard deviation of the period-end forecast error below the expectation, and above it unless `sdAbove` says
   * otherwise (a skewed forecast); 0 when there is no forecast.
   */
  sd: number;
  sdAbove?: number;
  /** The period's formula term values (needed for formula KPIs downstream of a driver). */
  terms?: ReadonlyMap<string, number | null>;
  /** Key of the period `terms` are of when not this one: a later period whose terms were not projected. */
  termsPeriodKey?: string;
  /**
   * Each level's first reading in the period, by signal id: the opening its change (`delta`) and rate over the period
   * count from, which a relative or set driver moves by its own size: read in the current period, carried to later
   * ones by the changes before them.
   */
  openings?: ReadonlyMap<string, number | null>;
  /**
   * The forecast's path of the period-to-date value: the expectation at the end of each remaining day (`time`), the
   * value a KPI of a shorter period ending then reads (see baselineToDate).
   */
  path?: ReadonlyArray<{ time: number; expected: number }>;
}

/** A strategy-map link as measured on the data (see the link estimates of the forecasting runtime). */
export interface MeasuredLink {
  from: string;
  to: string;
  lagMs: number;
  /** Effect objective shift per unit shift of the cause, both in standardised (z) units, and its standard error. */
  slope: number;
  slopeStdError: number;
  significant: boolean;
  pValue: number | null;
  /** Paired points the slope was fitted on (its t has points - 2 degrees of freedom); absent: drawn as normal. */
  points?: number;
  /** Daily standard deviation of the KPIs of both objectives, in their units. */
  kpiScales: Readonly<Record<string, number>>;
}

export interface WhatIfInput {
  model: TwinModel;
  /** Each KPI's current period. */
  baselines: ReadonlyMap<string, KpiBaseline>;
  /**
   * The scenario's horizon beyond it: the baselines of the next period of each KPI (its own period), then of the
   * one after, and so on. Absent: the current period only.
   */
  laterBaselines?: ReadonlyArray<ReadonlyMap<string, KpiBaseline>>;
  links: readonly MeasuredLink[];
  targetsOverride?: TargetOverrides;
}

export interface Outlook {
  expected: number;
  lower80: number;
  upper80: number;
  /** Share of draws meeting the target; null without a target. */
  probabilityOfMeetingTarget: number | null;
  target: number | null;
}

export interface EffectPath {
  kind: 'exact' | 'statistical';
  /** Driver first, then the KPIs (exact) or objectives (statistical) the effect passed, ending at the KPI. */
  via: string[];
  /** Sum of the link lags along the path (statistical), in ms. */
  lagMs: number;
  /** Mean effect on the KPI's period-end value through this path. */
  effect: number;
}

export interface KpiWhatIf {
  kpiId: string;
  periodKey: string;
  /** 0 for the KPI's current period, 1 for the next one, and so on. */
  periodsAhead: number;
  baseline: Outlook;
  scenario: Outlook;
  exactEffect: number;
  /**
   * The period whose formula term values the exact effect was recomputed with: this one, or the current period
   * where a later period's terms were not projected (their mix at today stands in); null without terms.
   */
  termsPeriodKey: string | null;
  /** Why the exact effect is approximate, or null when it is exact. */
  approximate: Approximation | null;
  /** Mean and 80 % interval over the draws of the effect through measured links within the period. */
  statisticalEffect: { mean: number; lower80: number; upper80: number };
  /** The whole effect once every lag and ramp has passed (beyond the period end too), while the change lasts. */
  steadyStateEffect: { mean: number; lower80: number; upper80: number };
  paths: EffectPath[];
}

/**
 * A KPI of a longer period read to date at a KPI's period end (see baselineToDate), whose value there is not known:
 * `kpiId` is that input, `reason` why.
 */
export interface Approximation {
  kpiId: string;
  reason: string;
}

export interface RollupWhatIf {
  id: string;
  /** The KPIs' periods it rolls up: 0 the current ones, 1 the next ones, and so on. */
  periodsAhead: number;
  /** Weighted mean probability of meeting target of the KPIs below, without and with the scenario. */
  baseline: number | null;
  scenario: number | null;
}

export interface WhatIfResult {
  kpis: KpiWhatIf[];
  objectives: RollupWhatIf[];
  perspectives: RollupWhatIf[];
  units: RollupWhatIf[];
  /** Links used and left out (not significant, not measured), for the record. */
  linksUsed: string[];
  linksExcluded: string[];
  draws: number;
  /** KPIs the scenario reaches that a later period has no baseline for (no forecast there): not shown in it. */
  unavailable: Array<{ kpiId: string; periodsAhead: number }>;
}
