import {
  empiricalReach,
  floorProjectionAtZero,
  projectPeriodEnds,
  seriesStructures,
  type PeriodEndProjection,
  type TargetRule,
} from '@bsc/forecasting';
import type { FiscalCalendar, FiscalPeriod } from '@bsc/kpi';
import { FORECAST_LATER_PERIODS, type LaterPeriodEndView, type PeriodEndView } from '../forecast-provider.port';
import type { PeriodTermPlan } from '../series/period-terms';
import { laterProjectionKey } from './projection-memo';
import { sharedResult, type RunMemo } from './run-memo';
import {
  PAST_ORIGINS,
  periodWindow,
  type PeriodWindow,
  type SeriesProjection,
  type SeriesShape,
} from './series-projection';
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
 * A series projected to the end of each later period with the method its current-period projection chose (no new
 * backtests): one forecast through the days before the periods and the periods' own days aggregated, one set of
 * past origins for the errors of all of them. They do not depend on today's value so far: a memo keeps them while
 * the complete days, methods, windows and targets are the same.
 */
export function projectSeriesLater(
  base: SeriesProjection,
  { aggregation, nonNegative = false }: SeriesShape,
  windows: readonly PeriodWindow[],
  targets: ReadonlyArray<TargetRule | undefined> = [],
  memo?: RunMemo,
): Array<PeriodEndProjection | null> {
  if (windows.length === 0) return [];
  const spans = windows.map((w, i) => ({ offset: w.offset, remaining: w.remaining, target: targets[i] }));
  const make = () =>
    projectPeriodEnds(
      {
        history: base.y,
        elapsed: [],
        aggregation,
        m: base.m,
        forecaster: base.used,
        spreadForecaster: base.forecaster,
        maxOrigins: PAST_ORIGINS,
        nonNegative,
        errorMemo: memo,
        fitStore: memo,
        structures: memo && seriesStructures(memo, base.y),
      },
      spans,
    );
  const inputs = { y: base.y, used: base.used, spread: base.forecaster, m: base.m, aggregation, nonNegative };
  const key = memo && laterProjectionKey({ ...inputs, windows: spans }, memo);
  if (!key) return make();
  const kept = memo.laterProjections(key);
  if (kept) return kept.value;
  const { value, errorKeys } = memo.track(make);
  memo.setLaterProjections(key, { value, errorKeys });
  return value;
}

/**
 * The later periods in two parts: those the job projects, exactly as it does alone, and those a scenario asks for
 * beyond them, projected together (one forecast, one set of past origins) and only as far as the series' own past
 * errors reach: further on, the interval would rest on the model's assumptions alone. So asking for more periods
 * never changes the first ones, and every period beyond them has intervals from the series' errors that far ahead.
 */
export function projectSeriesAhead(
  base: SeriesProjection,
  shape: SeriesShape,
  windows: readonly PeriodWindow[],
  targets: ReadonlyArray<TargetRule | undefined> = [],
  memo?: RunMemo,
): Array<PeriodEndProjection | null> {
  const head = windows.slice(0, FORECAST_LATER_PERIODS);
  const reach = empiricalReach(base.y.length, base.m);
  const tail = windows.slice(FORECAST_LATER_PERIODS).filter((w) => w.offset + w.remaining <= reach);
  const first = projectSeriesLater(base, shape, head, targets.slice(0, head.length), memo);
  return [...first, ...projectSeriesLater(base, shape, tail, targets.slice(head.length), memo)];
}

export interface LaterPeriodSources {
  /** The KPI's own series projection of the current period (the series path). */
  own?: SeriesProjection | null;
  shape: SeriesShape;
  /** The term plan and each term's current-period projection (the per-term path). */
  plan?: PeriodTermPlan | null;
  terms?: ReadonlyMap<string, SeriesProjection | null>;
  termNonNegative?: (formula: string) => boolean;
  /** Later-period projections of terms shared by several KPIs within one job, by term key and periods. */
  termCache?: Map<string, Array<PeriodEndProjection | null>>;
  target: (periodKey: string) => { rule: TargetRule; value: number } | null;
  /** What earlier runs computed from the same days (see RunMemo). */
  memo?: RunMemo;
}

/**
 * The KPI projected to the end of each later window: term by term when its current period was (each term to the
 * period's end, then the formula), else from its own series. Stops at the first period it cannot project.
 */
export function projectLaterPeriods(windows: readonly PeriodWindow[], src: LaterPeriodSources): LaterPeriodEndView[] {
  const targets = windows.map((w) => src.target(w.period.key));
  const views = src.plan ? byTerms(windows, src, targets) : bySeries(windows, src, targets);
  const out: LaterPeriodEndView[] = [];
  for (const [i, window] of windows.entries()) {
    const view = views[i];
    if (!view) break;
    const target = targets[i];
    const projection = src.shape.nonNegative ? floorProjectionAtZero(view.projection, target?.rule) : view.projection;
    out.push({ ...periodEndView(window.period.key, target, projection), ...(view.terms ? { terms: view.terms } : {}) });
  }
  return out;
}

/** What a forecast says of a period's end: the projection against the period's target. */
export function periodEndView(
  periodKey: string,
  target: { value: number } | null,
  projection: PeriodEndProjection,
): PeriodEndView {
  return {
    periodKey,
    target: target?.value ?? null,
    expected: projection.expected,
    lower80: projection.lower80,
    upper80: projection.upper80,
    probabilityOfMeetingTarget: projection.probabilityOfMeetingTarget,
  };
}

type LaterView = { projection: PeriodEndProjection; terms?: Record<string, number> } | null;
type Targets = ReadonlyArray<{ rule: TargetRule } | null>;

function bySeries(windows: readonly PeriodWindow[], src: LaterPeriodSources, targets: Targets): LaterView[] {
  if (!src.own) return [];
  const rules = targets.map((t) => t?.rule);
  return projectSeriesAhead(src.own, src.shape, windows, rules, src.memo).map(
    (projection) => projection && { projection },
  );
}

function byTerms(windows: readonly PeriodWindow[], src: LaterPeriodSources, targets: Targets): LaterView[] {
  const cache = src.termCache ?? new Map<string, Array<PeriodEndProjection | null>>();
  // KPIs of different periods share a term's series, not its later periods
  const periods = windows.map((w) => w.period.key).join(',');
  const perTerm = src.plan!.terms.map((term) => {
    const key = `${term.key}@${periods}`;
    const make = () => {
      const base = src.terms?.get(term.key);
      const shape = { aggregation: term.aggregation, nonNegative: src.termNonNegative?.(term.formula) ?? false };
      return base ? projectSeriesAhead(base, shape, windows, [], src.memo) : [];
    };
    return { key: term.key, projections: sharedResult(cache, key, make, src.memo) };
  });
  return windows.map((_, i) => {
    const parts = perTerm.map((t) => ({ key: t.key, projection: t.projections[i] ?? null }));
    if (parts.some((p) => p.projection === null)) return null;
    const ready = parts as Array<{ key: string; projection: PeriodEndProjection }>;
    const projection = combineTerms(src.plan!, ready, targets[i]?.rule);
    return projection && { projection, terms: Object.fromEntries(ready.map((p) => [p.key, p.projection.expected])) };
  });
}
