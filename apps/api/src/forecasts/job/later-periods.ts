import { floorProjectionAtZero, projectPeriodEnd, type PeriodEndProjection, type TargetRule } from '@bsc/forecasting';
import type { FiscalCalendar, FiscalPeriod } from '@bsc/kpi';
import type { LaterPeriodEndView } from '../forecast-provider.port';
import type { PeriodTermPlan } from '../series/period-terms';
import { periodWindow, type PeriodWindow, type SeriesProjection, type SeriesShape } from './series-projection';
import { combineTerms } from './term-projection';

/** Windows of the `count` periods after `current`, each as far ahead of today as it starts. */
export function laterWindows(
  calendar: FiscalCalendar,
  now: number,
  current: FiscalPeriod,
  count: number,
): PeriodWindow[] {
  const out: PeriodWindow[] = [];
  for (let period = current, k = 0; k < count; k++) {
    period = calendar.nextPeriod(period);
    out.push(periodWindow(calendar, now, period));
  }
  return out;
}

/**
 * A series projected to the end of a later period with the method its current-period projection chose (no new
 * backtests): forecast through the days before the period, the period's own days aggregated.
 */
export function projectSeriesLater(
  base: SeriesProjection,
  { aggregation, nonNegative = false }: SeriesShape,
  window: PeriodWindow,
  target?: TargetRule,
): PeriodEndProjection | null {
  return projectPeriodEnd({
    history: base.y,
    elapsed: [],
    remaining: window.remaining,
    offset: window.offset,
    aggregation,
    m: base.m,
    target,
    forecaster: base.used,
    spreadForecaster: base.forecaster,
    maxOrigins: 20,
    nonNegative,
  });
}

export interface LaterPeriodSources {
  /** The KPI's own series projection of the current period (the series path). */
  own?: SeriesProjection | null;
  shape: SeriesShape;
  /** The term plan and each term's current-period projection (the per-term path). */
  plan?: PeriodTermPlan | null;
  terms?: ReadonlyMap<string, SeriesProjection | null>;
  termNonNegative?: (formula: string) => boolean;
  /** Later-period projections of terms shared by several KPIs within one job, by term key and period key. */
  termCache?: Map<string, PeriodEndProjection | null>;
  target: (periodKey: string) => { rule: TargetRule; value: number } | null;
}

/**
 * The KPI projected to the end of each later window: term by term when its current period was (each term to the
 * period's end, then the formula), else from its own series. Stops at the first period it cannot project.
 */
export function projectLaterPeriods(windows: readonly PeriodWindow[], src: LaterPeriodSources): LaterPeriodEndView[] {
  const out: LaterPeriodEndView[] = [];
  for (const window of windows) {
    const target = src.target(window.period.key);
    const view = src.plan ? byTerms(window, src, target?.rule) : bySeries(window, src, target?.rule);
    if (!view) break;
    const projection = src.shape.nonNegative ? floorProjectionAtZero(view.projection, target?.rule) : view.projection;
    out.push({
      periodKey: window.period.key,
      target: target?.value ?? null,
      expected: projection.expected,
      lower80: projection.lower80,
      upper80: projection.upper80,
      probabilityOfMeetingTarget: projection.probabilityOfMeetingTarget,
      ...(view.terms ? { terms: view.terms } : {}),
    });
  }
  return out;
}

function bySeries(
  window: PeriodWindow,
  src: LaterPeriodSources,
  target?: TargetRule,
): { projection: PeriodEndProjection; terms?: Record<string, number> } | null {
  const projection = src.own ? projectSeriesLater(src.own, src.shape, window, target) : null;
  return projection && { projection };
}

function byTerms(
  window: PeriodWindow,
  src: LaterPeriodSources,
  target?: TargetRule,
): { projection: PeriodEndProjection; terms: Record<string, number> } | null {
  const parts: Array<{ key: string; projection: PeriodEndProjection }> = [];
  for (const term of src.plan!.terms) {
    const key = `${term.key}@${window.period.key}`;
    if (!src.termCache?.has(key)) {
      const base = src.terms?.get(term.key);
      const shape = { aggregation: term.aggregation, nonNegative: src.termNonNegative?.(term.formula) ?? false };
      src.termCache?.set(key, base ? projectSeriesLater(base, shape, window) : null);
    }
    const projection = src.termCache?.get(key) ?? null;
    if (!projection) return null;
    parts.push({ key: term.key, projection });
  }
  const projection = combineTerms(src.plan!, parts, target);
  return projection && { projection, terms: Object.fromEntries(parts.map((p) => [p.key, p.projection.expected])) };
}
