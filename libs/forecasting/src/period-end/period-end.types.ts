import type { FitStore } from '../core/fit-store';
import type { SeriesStructures } from '../core/structure-hints';
import type { Forecaster } from '../core/forecast.types';
import type { OriginFits } from '../core/past-origins';

export type { OriginFits } from '../core/past-origins';

/**
 * 'absolute': a past origin's error is taken as it was. 'recent-change': it is multiplied by today's recent movement
 * over its origin's (the mean absolute seasonal difference over as many steps before each as the horizon), so
 * that a series whose swings grew or shrank is given errors of today's size. 'recent-level': by today's recent level
 * over its origin's (the mean absolute value over as many steps before each as the horizon): errors in proportion
 * to the level, as percentage errors are.
 */
export type ErrorScale = 'absolute' | 'recent-change' | 'recent-level';

/** How a KPI's period value is made from its steps (daily values): mirrors the KPI's aggregation. */
export type PeriodAggregation = 'sum' | 'avg' | 'last' | 'min' | 'max' | 'count';

export interface TargetRule {
  direction: 'higher_is_better' | 'lower_is_better' | 'band';
  value?: number;
  lower?: number;
  upper?: number;
}

/**
 * Past-origin errors kept from one projection to the next (e.g. between forecast cycles of the same day), by
 * everything they are computed from (see windowErrorsKey). A Map is one.
 */
export interface WindowErrorMemo {
  get(key: string): number[][] | undefined;
  set(key: string, errors: number[][]): void;
}

export interface PeriodEndInput {
  /** Step values (e.g. daily) before the current period, oldest first. */
  history: readonly number[];
  /** Step values of the current period so far. */
  elapsed: readonly number[];
  /** Steps left until the period ends (the current, incomplete step included). */
  remaining: number;
  /**
   * Steps forecast before the period starts, for a later period than the current one (the rest of the current
   * period and any periods between; the current, incomplete step included). They are forecast, with their errors
   * learnt from the same past origins, but not aggregated: the period's value is made of the `remaining` steps after
   * them. `elapsed` is then empty. Default 0: the current period.
   */
  offset?: number;
  /**
   * The current step's value so far (e.g. today's orders until now), when known. A count, or a sum of parts that
   * cannot be negative (`nonNegative`), cannot end the step below what it already holds, so the step's forecast is
   * at least this (see withCurrentStep).
   */
  current?: number;
  aggregation: PeriodAggregation;
  /** Seasonal period of the steps (7 for daily data with a weekly rhythm). */
  m: number;
  target?: TargetRule;
  forecaster?: Forecaster;
  /**
   * Whose past-origin errors give the spread (default: the forecaster). A method joined by a global model keeps
   * the method's own errors: the model has seen those past windows in training, so its errors there flatter it.
   */
  spreadForecaster?: Forecaster;
  /**
   * The steps can never be negative (a sum or count of non-negative signals): forecasts of the steps and the
   * period-end distribution are floored at 0 (see floorAtZero).
   */
  nonNegative?: boolean;
  /** Rolling origins used to learn the error of the remaining window from the series itself. */
  maxOrigins?: number;
  /**
   * How the method is fitted for those origins (see OriginFits); default 'doubling', which on the public sets'
   * periods (bench:period-end) covered as well or better than 'each' at a fifth of the CPU time.
   */
  originFits?: OriginFits;
  /** How past origins' errors are brought to today's scale (see ErrorScale); default 'absolute'. */
  errorScale?: ErrorScale;
  seed?: number;
  /** Past-origin errors of earlier runs on the same steps, reused instead of forecasting from the origins again. */
  errorMemo?: WindowErrorMemo;
  /** Models of earlier runs fitted on leading parts of the series, reused for the past origins' forecasts. */
  fitStore?: FitStore;
  /** The series' kept model structures, for the forecast of the rest (see ForecastInput.structures). */
  structures?: SeriesStructures;
}

export interface PeriodEndProjection {
  /** Expected period value. */
  expected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  /** Probability (0..1) of meeting the target; null without a target. */
  probabilityOfMeetingTarget: number | null;
  method: string;
  /** 'empirical' when the uncertainty was learnt from past windows of the series, else 'parametric'. */
  uncertainty: 'empirical' | 'parametric' | 'none';
  /** How many past windows (empirical) or simulated paths (parametric) the distribution rests on. */
  support: number;
  /**
   * The period values the distribution is made of, in origin order (latest past window first) or path order,
   * unsorted: projections of a formula's terms from the same origins can be paired outcome by outcome.
   */
  outcomes: readonly number[];
}
