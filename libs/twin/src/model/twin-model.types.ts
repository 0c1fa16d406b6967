// The twin model as written by users (YAML/JSON) after validation.
// Plain data only: this is the contract every other library builds on.

export type Id = string;

/** ISO-8601-like duration shorthand used across the model: "500ms", "30s", "15m", "1h", "1d", "1w". */
export type DurationText = string;

export const REPORTING_PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type ReportingPeriod = (typeof REPORTING_PERIODS)[number];

export const KPI_DIRECTIONS = ['higher_is_better', 'lower_is_better', 'band'] as const;
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];

/** How a KPI's samples are combined over its reporting period (and how a forecast accumulates). */
export const KPI_AGGREGATIONS = ['avg', 'sum', 'last', 'min', 'max', 'count'] as const;
export type KpiAggregation = (typeof KPI_AGGREGATIONS)[number];

/** How child org units' values of the same KPI combine into the parent's (cascading). */
export const ROLLUP_RULES = ['weighted_average', 'sum', 'worst', 'best'] as const;
export type RollupRule = (typeof ROLLUP_RULES)[number];

export const SIGNAL_DATA_TYPES = ['double', 'int', 'bool', 'string'] as const;
export type SignalDataType = (typeof SIGNAL_DATA_TYPES)[number];

/**
 * What a signal's values mean physically, which decides how windows aggregate them:
 * - gauge: a level held until the next sample (a speed, a temperature, a state); avg/min/max weigh time;
 * - counter: a monotone running total that may reset (a meter reading); sum/delta/rate give the increase;
 * - amount: a quantity since the previous sample (units made, kWh used, an invoice value); values add up;
 * - event: one discrete observation (a survey response); aggregated per sample, like an amount.
 */
export const SIGNAL_KINDS = ['gauge', 'counter', 'amount', 'event'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const EDGE_TYPES = ['part_of', 'feeds', 'measured_by'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export const INITIATIVE_STATUSES = ['planned', 'on_track', 'at_risk', 'off_track', 'done', 'cancelled'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

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

export const DEFAULT_PERSPECTIVES: readonly PerspectiveDef[] = [
  { id: 'financial', name: 'Financial', order: 1, weight: 1 },
  { id: 'customer', name: 'Customer', order: 2, weight: 1 },
  { id: 'internal_process', name: 'Internal Process', order: 3, weight: 1 },
  { id: 'learning_growth', name: 'Learning & Growth', order: 4, weight: 1 },
];

export interface CalendarDef {
  /** 1 = January. A fiscal year starting in April has fiscalYearStartMonth 4. */
  fiscalYearStartMonth: number;
  /** IANA zone name; period boundaries are computed in this zone. Only 'UTC' and fixed offsets are guaranteed. */
  timezone: string;
  /** ISO weekday the week starts on (1 = Monday). */
  weekStart: number;
  /** ISO weekdays that are working days, for `working_days` target phasing; default Monday to Friday. */
  workingDays?: number[];
  /** Non-working dates (YYYY-MM-DD, local to `timezone`) for `working_days` target phasing. */
  holidays?: string[];
  /** Weekly windows in which processes or assets are stopped on purpose (no shift, cleaning, changeover). */
  plannedDowntime?: PlannedDowntimeDef[];
}

/**
 * A planned stop that repeats every week: it starts at `start` (HH:MM, local to the calendar's zone) on each of
 * `weekdays` and lasts `duration` (it may run past midnight, e.g. a weekend). Anomalies of the signals that measure
 * a process or asset in `scope` (or one inside it, or the process it is part of) are then expected, and do not
 * alert; nor do they during `restart` after the window (run-up after the stop).
 */
export interface PlannedDowntimeDef {
  /** Process or asset ids; a process covers its sub-processes and assets. */
  scope: Id[];
  /** ISO weekdays (1 = Monday) the window starts on. */
  weekdays: number[];
  start: string;
  duration: DurationText;
  restart?: DurationText;
  reason?: string;
}

export interface OrgUnitDef {
  id: Id;
  name: string;
  parent?: Id;
  owner?: string;
  /** Weight of this unit when its parent combines children with weighted_average. */
  weight?: number;
}

export interface PerspectiveDef {
  id: Id;
  name: string;
  order: number;
  weight: number;
}

export interface ObjectiveKpiRef {
  kpi: Id;
  weight: number;
}

export interface ObjectiveDef {
  id: Id;
  name: string;
  description?: string;
  perspective: Id;
  unit: Id;
  owner?: string;
  weight: number;
  kpis: ObjectiveKpiRef[];
}

/** A cause→effect hypothesis on the strategy map: improving `from` moves `to` after `lag`. */
export interface StrategyLinkDef {
  from: Id;
  to: Id;
  lag: DurationText;
  hypothesis?: string;
  /** Expected sign of the relation. */
  polarity: 'positive' | 'negative';
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

export interface ProcessDef {
  id: Id;
  name: string;
  unit: Id;
  kind?: string;
  /** Parent process (part_of). */
  parent?: Id;
  description?: string;
}

export interface AssetDef {
  id: Id;
  name: string;
  /** The process the asset is part of. */
  process: Id;
  type?: string;
}

export interface EdgeDef {
  from: Id;
  to: Id;
  type: EdgeType;
}

export interface OpcUaServerDef {
  id: Id;
  endpoint: string;
  securityMode: 'None' | 'Sign' | 'SignAndEncrypt';
  securityPolicy: 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
  /** Name of a credential set in config (never secrets in the model). */
  credentials?: string;
  publishingInterval?: number;
}

export interface DeadbandDef {
  type: 'absolute' | 'percent';
  value: number;
}

export type SignalSourceDef =
  | { kind: 'opcua'; server: Id; nodeId: string; samplingInterval?: number; queueSize?: number }
  | {
      kind: 'mqtt';
      topic: string;
      jsonPath: string;
      timestampPath?: string;
      qualityPath?: string;
      /** Values the topic's named wildcard segments must have for this signal (`{ line: '2' }` for `+line`). */
      segments?: Record<string, string>;
    }
  | { kind: 'sparkplug'; group: string; edgeNode: string; device?: string; metric: string }
  | { kind: 'http' }
  | { kind: 'manual' };

export interface SignalDef {
  id: Id;
  name: string;
  /** Asset or process the signal measures (measured_by edge). */
  measures?: Id;
  unit: string;
  /** Unit the source sends in, when it differs from `unit` (converted in the pipeline). */
  sourceUnit?: string;
  dataType: SignalDataType;
  /** Aggregation semantics; gauge when absent (see SIGNAL_KINDS). */
  kind?: SignalKind;
  /**
   * Gauges: how long a sample's value is held at most; a longer gap counts as missing time. When absent, the
   * staleness interval of the KPIs reading the signal (3 update intervals of the most frequent one).
   */
  maxHold?: DurationText;
  range?: { min?: number; max?: number };
  deadband?: DeadbandDef;
  source: SignalSourceDef;
}

export interface MilestoneDef {
  name: string;
  due: string;
  done: boolean;
}

export interface InitiativeDef {
  id: Id;
  name: string;
  owner?: string;
  unit: Id;
  objectives: Id[];
  kpis: Id[];
  budget?: { amount: number; currency: string };
  milestones: MilestoneDef[];
  status: InitiativeStatus;
  start?: string;
  end?: string;
}

export interface TwinModel {
  apiVersion: 'bsc.twin/v1';
  id: Id;
  name: string;
  description?: string;
  calendar: CalendarDef;
  units: OrgUnitDef[];
  perspectives: PerspectiveDef[];
  objectives: ObjectiveDef[];
  links: StrategyLinkDef[];
  kpis: KpiDef[];
  processes: ProcessDef[];
  assets: AssetDef[];
  edges: EdgeDef[];
  opcuaServers: OpcUaServerDef[];
  signals: SignalDef[];
  initiatives: InitiativeDef[];
}

/** One validation problem, e.g. { path: "kpis[3].formula", message: "unknown signal 'line1.scrap'" }. */
export interface ModelIssue {
  path: string;
  message: string;
}
