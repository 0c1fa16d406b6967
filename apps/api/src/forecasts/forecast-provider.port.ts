/** What the API needs from the forecasting runtime; resolvers depend on this port, not on its implementation. */

/**
 * One step of the projected path of the KPI's period value: its expected period-to-date value at `time` (the end
 * of a remaining day of the period), in the KPI's own unit: a running total for cumulative KPIs, a running average
 * or ratio for levels. The last point is the period-end expectation.
 */
export interface ForecastPointView {
  /** End of the day the point describes (epoch ms). */
  time: number;
  mean: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface PeriodEndView {
  periodKey: string;
  target: number | null;
  /** Expected KPI value at the end of the period (sum-type KPIs accumulate, averages and ratios over the whole period). */
  expected: number;
  lower80: number;
  upper80: number;
  /** Probability (0..1) of meeting the target at period end; null without a target. */
  probabilityOfMeetingTarget: number | null;
  /**
   * Its formula's period aggregates projected to the period's end, by term key (KPIs projected term by term). Absent
   * in current-period forecasts stored before they were kept.
   */
  terms?: Record<string, number>;
}

/**
 * Periods after the current one each KPI is projected to, in its own period (the next two months of a monthly KPI),
 * by every forecast run; a what-if scenario may ask for more (MAX_LATER_PERIODS). Together they cost about one more
 * current-period projection per KPI (one forecast to the furthest end, one set of past origins), no new backtests.
 */
export const FORECAST_LATER_PERIODS = 2;

/**
 * Later periods a scenario can ask for (a year of a monthly KPI): those after FORECAST_LATER_PERIODS are projected
 * on demand by the same code, each only as far ahead as the series' own past errors reach (see empiricalReach).
 */
export const MAX_LATER_PERIODS = 11;

/** A later period's projection: nothing of it has elapsed, every day of it is forecast. */
export type LaterPeriodEndView = PeriodEndView;

export interface KpiForecastView {
  kpiId: string;
  method: string;
  computedAt: number;
  /** Step of the points, e.g. 'day' or the KPI's reporting period. */
  interval: string;
  points: ForecastPointView[];
  periodEnd: PeriodEndView | null;
  /**
   * The next periods after the current one (up to FORECAST_LATER_PERIODS, in order) projected the same way, with
   * the method chosen for the current one. Absent in forecasts stored before they were projected.
   */
  laterPeriods?: LaterPeriodEndView[];
  /**
   * The input history was not settled or not long enough: history for past days was still arriving (an import,
   * a backfill, a connector catching up), or too few days for the method's backtest. Absent in forecasts stored
   * before it was known.
   */
  provisional?: boolean;
  /** Why, in a few words; null when not provisional. */
  provisionalReason?: string | null;
  /**
   * Backtest of the chosen method on the KPI's own history (rolling origin), as of the day the method was chosen:
   * a choice is kept for up to METHOD_CHOICE_KEPT_DAYS days.
   */
  backtest?: {
    smape: number;
    mase: number | null;
    coverage80: number | null;
    coverage95: number | null;
    origins: number;
  };
}

export interface LinkEstimateView {
  from: string;
  to: string;
  /** Lag that best explains the relation, in the KPIs' step, and in ms. */
  measuredLagSteps: number | null;
  measuredLagMs: number | null;
  /** Correlation at that lag (-1..1) on differenced / pre-whitened series. */
  strength: number | null;
  pValue: number | null;
  significant: boolean;
  /** Number of paired points the estimate rests on. */
  points: number;
  /**
   * Regression of the effect objective's standardised daily series on the cause's at the measured lag (pre-whitened
   * differences), with its standard error: a lasting shift of d standard deviations in the cause moves the effect by
   * slope * d. Absent in estimates stored before it was measured.
   */
  slope?: number | null;
  slopeStdError?: number | null;
  /** Standard deviation of each KPI's daily series of the two objectives, in the KPI's unit (to standardise). */
  kpiScales?: Record<string, number>;
  computedAt: number;
  note?: string;
}

export interface ForecastProvider {
  /** Cached forecast, computed in the background when missing; null when the KPI has too little history. */
  forecast(kpiId: string, horizon?: number): Promise<KpiForecastView | null>;
  /** Batched form for DataLoader. */
  forecasts(kpiIds: readonly string[]): Promise<Map<string, KpiForecastView | null>>;
  linkEstimates(): Promise<LinkEstimateView[]>;
  /**
   * The next `count` periods of each KPI (at most MAX_LATER_PERIODS) from the run of its cached forecast: the cached
   * ones, and those beyond projected now the same way (a KPI's list stops where its history does not reach).
   */
  laterPeriods?(kpiIds: readonly string[], count: number): Promise<Map<string, LaterPeriodEndView[]>>;
  /** Ask for fresh forecasts (all KPIs when ids are omitted); resolves when they are queued. */
  refresh(kpiIds?: readonly string[]): Promise<void>;
}

export const FORECAST_PROVIDER = Symbol('FORECAST_PROVIDER');
