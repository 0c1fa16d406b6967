import { Inject, Injectable, Optional } from '@nestjs/common';
import { BscError, BscErrorCode, durationMs } from '@bsc/common';
import { evaluateFormula, formulaTerms, parseFormula } from '@bsc/formula';
import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
import {
  attributionInputs,
  simulateWhatIf,
  type KpiBaseline,
  type MeasuredLink,
  type ScenarioDriver,
} from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { canSeeId } from '../auth/unit-scope';
import {
  FORECAST_LATER_PERIODS,
  FORECAST_PROVIDER,
  type ForecastPointView,
  type ForecastProvider,
  type KpiForecastView,
  type LinkEstimateView,
  type PeriodEndView,
} from '../forecasts/forecast-provider.port';
import { perRequest, type ApiContext } from '../graphql/api-context';
import { KpiValuesLoader } from '../kpis/kpi-values.loader';
import { PastKpiValues } from '../scorecard/past-kpi-values.service';
import { TwinIndexService } from '../twin/twin-index.service';
import { driverVisible } from './driver-scope';
import type { ScenarioInput } from './dto/scenario.input';
import type { WhatIfResultType } from './dto/what-if.types';
import { carryOpenings, periodEndTerms, periodOpenings } from './period-end-terms';
import { toWhatIfResultType } from './dto/to-what-if-result.type.mapper';
import { scopeWhatIfResult } from './what-if-result-scope';

const DAY_MS = 86_400_000;
// half-width of a normal 80 % interval in standard deviations
const Z80 = 1.2815515655446004;

/**
 * Baselines are the forecasting runtime's period-end expectations (the current value with no uncertainty where
 * there is no forecast); formula KPIs downstream of a driver get their period's term values from the KPI engine
 * replayed over stored samples, carried to the period's end as the forecast expects it (see periodEndTerms), so
 * exact effects are recomputed with the engine's own formula evaluator.
 */
@Injectable()
export class WhatIfService {
  constructor(
    private readonly twin: TwinIndexService,
    private readonly loader: KpiValuesLoader,
    private readonly past: PastKpiValues,
    @Optional() @Inject(FORECAST_PROVIDER) private readonly forecasts: ForecastProvider | null,
  ) {}

  async run(ctx: ApiContext, principal: Principal, input: ScenarioInput): Promise<WhatIfResultType> {
    const index = this.twin.current();
    const model = index.model;
    const drivers = this.drivers(principal, input);
    const now = perRequest(ctx, 'now', () => Date.now());
    const calendar = new FiscalCalendar(model.calendar);
    const periods = new Map(model.kpis.map((k) => [k.id, calendar.periodOf(now, k.period)]));
    const pairs = model.kpis.map((k) => ({ kpiId: k.id, periodKey: periods.get(k.id)!.key }));
    const [values, forecasts, estimates, overrides, terms] = await Promise.all([
      this.loader.values(ctx, pairs),
      this.horizonForecasts(
        model.kpis.map((k) => k.id),
        input.horizonPeriods - 1,
      ),
      this.forecasts ? this.forecasts.linkEstimates() : Promise.resolve<LinkEstimateView[]>([]),
      this.loader.targetOverrides(ctx),
      this.downstreamTerms(model, drivers, calendar, now),
    ]);
    const baselines = new Map<string, KpiBaseline>();
    const endTerms = new Map<string, ReadonlyMap<string, number | null>>();
    for (const def of model.kpis) {
      const period = periods.get(def.id)!;
      const end = forecasts.get(def.id)?.periodEnd;
      const forecast = end && end.periodKey === period.key ? end : null;
      const toDate = terms.get(def.id);
      if (toDate) endTerms.set(def.id, periodEndTerms(def, toDate.terms, forecast));
      const current = values.get(def.id)?.value ?? null;
      const expected = forecast?.expected ?? current;
      if (expected === null) continue;
      const baseline = baselineOf(def.id, period, expected, forecast, endTerms.get(def.id));
      if (toDate?.openings.size) baseline.openings = toDate.openings;
      // the period-to-date value at each remaining day's end, which a KPI of a shorter period ending then reads
      if (forecast) baseline.path = pathOf(forecasts.get(def.id)!.points, period);
      baselines.set(def.id, baseline);
    }
    const laterBaselines = laterPeriodBaselines(
      model,
      calendar,
      periods,
      forecasts,
      endTerms,
      input.horizonPeriods - 1,
    );
    carryOpenings(baselines, laterBaselines);
    const result = simulateWhatIf(
      { model, baselines, laterBaselines, links: measuredLinks(model, estimates), targetsOverride: overrides },
      {
        drivers,
        includeNonSignificant: input.includeNonSignificant,
        draws: input.draws,
        seed: input.seed,
      },
    );
    return toWhatIfResultType(scopeWhatIfResult(result, model, (id) => canSeeId(principal, index, id)));
  }

  /**
   * The KPIs' forecasts with `later` periods after the current one where they reach: beyond those the runs project,
   * the forecasting runtime projects them now, the same way (see ForecastProvider.laterPeriods).
   */
  private async horizonForecasts(kpiIds: string[], later: number): Promise<Map<string, KpiForecastView | null>> {
    if (!this.forecasts) return new Map();
    const forecasts = await this.forecasts.forecasts(kpiIds);
    if (later <= FORECAST_LATER_PERIODS || !this.forecasts.laterPeriods) return forecasts;
    const ahead = await this.forecasts.laterPeriods(kpiIds, later);
    for (const [id, view] of forecasts)
      if (view && ahead.has(id)) forecasts.set(id, { ...view, laterPeriods: ahead.get(id) });
    return forecasts;
  }

  /** The scenario's drivers in domain form; refuses unknown ids and drivers outside the caller's units alike. */
  drivers(principal: Principal, input: ScenarioInput): ScenarioDriver[] {
    const index = this.twin.current();
    return input.drivers.map((d, i) => this.driver(d, i, principal, index));
  }

  private driver(
    d: ScenarioInput['drivers'][number],
    i: number,
    principal: Principal,
    index: ReturnType<TwinIndexService['current']>,
  ): ScenarioDriver {
    const field = `scenario.drivers.${i}.id`;
    // one outside the caller's units answers like an unknown one: the answer must not tell that it exists
    if (!driverVisible(principal, index, d)) {
      const what = d.kind === 'signal' ? 'signal' : 'KPI';
      throw new BscError(BscErrorCode.BadInput, `${field}: unknown ${what} '${d.id}'`, field);
    }
    if (d.until && d.from && d.until.getTime() <= d.from.getTime()) {
      const at = `scenario.drivers.${i}.until`;
      throw new BscError(BscErrorCode.BadInput, `${at}: must be after from (${d.from.toISOString()})`, at);
    }
    return {
      kind: d.kind,
      id: d.id,
      change: d.change,
      value: d.value,
      from: d.from?.getTime(),
      until: d.until?.getTime(),
      rampMs: (d.rampDays ?? 0) * DAY_MS,
    };
  }

  /**
   * Current-period term values to date of the formula KPIs that read a driver, directly or through other KPIs, and
   * the first reading in the period of each level whose change or rate over the period they read (see periodOpenings).
   */
  private async downstreamTerms(
    model: TwinModel,
    drivers: readonly ScenarioDriver[],
    calendar: FiscalCalendar,
    now: number,
  ): Promise<Map<string, { terms: Map<string, number | null>; openings: Map<string, number | null> }>> {
    const driven = new Set(drivers.filter((d) => d.kind !== 'target').map((d) => d.id));
    const inputs = new Map(model.kpis.map((k) => [k.id, attributionInputs(model, k.id)]));
    const reads = (kpiId: string) => {
      const i = inputs.get(kpiId)!;
      return [...i.kpiIds.filter((id) => id !== kpiId), ...i.signalIds].some((id) => driven.has(id));
    };
    const downstream = model.kpis.filter((k) => k.formula && reads(k.id));
    const out = new Map<string, { terms: Map<string, number | null>; openings: Map<string, number | null> }>();
    if (downstream.length === 0) return out;
    const signals = new Set(downstream.flatMap((k) => inputs.get(k.id)!.signalIds));
    const periods = downstream.map((k) => calendar.periodOf(now, k.period));
    const engine = await this.past.engine(model, {
      from: Math.min(...periods.map((p) => p.start)),
      to: now + 1,
      knownAt: now,
      signalIds: [...signals],
    });
    downstream.forEach((def, i) => {
      const terms = formulaTerms(parseFormula(def.formula!));
      const opened = periodOpenings(terms, model);
      const values = engine.inspect(def.id, periods[i].key, (ctx) => ({
        terms: new Map(terms.map((t) => [t.key, evaluateFormula(t.node, ctx)])),
        openings: new Map(opened.map((o) => [o.id, evaluateFormula(o.first, ctx)])),
      }));
      if (values) out.set(def.id, values);
    });
    return out;
  }
}

function baselineOf(
  kpiId: string,
  period: FiscalPeriod,
  expected: number,
  forecast: PeriodEndView | null,
  terms: ReadonlyMap<string, number | null> | undefined,
): KpiBaseline {
  return {
    kpiId,
    period: { key: period.key, start: period.start, end: period.end },
    expected,
    // each side of the forecast's 80 % interval on its own: a skewed forecast keeps its skew
    sd: forecast ? Math.max(0, expected - forecast.lower80) / Z80 : 0,
    sdAbove: forecast ? Math.max(0, forecast.upper80 - expected) / Z80 : 0,
    terms,
  };
}

/**
 * Baselines of the `count` periods after each KPI's current one, from the forecasts' later-period projections: a
 * KPI without one has no baseline there (nothing stands in for a period that has not begun). A formula KPI's terms
 * are the projected ones where it was projected term by term, else its current period's at that period's end (their
 * mix as it stands today; a cumulative KPI's running total scaled to this period's expectation, see periodEndTerms),
 * which the result names (KpiWhatIf.termsPeriodKey).
 */
function laterPeriodBaselines(
  model: TwinModel,
  calendar: FiscalCalendar,
  current: ReadonlyMap<string, FiscalPeriod>,
  forecasts: ReadonlyMap<string, KpiForecastView | null>,
  terms: ReadonlyMap<string, ReadonlyMap<string, number | null>>,
  count: number,
): Array<Map<string, KpiBaseline>> {
  const out: Array<Map<string, KpiBaseline>> = [];
  const periods = new Map(current);
  for (let k = 0; k < count; k++) {
    const baselines = new Map<string, KpiBaseline>();
    for (const def of model.kpis) {
      const period = calendar.nextPeriod(periods.get(def.id)!);
      periods.set(def.id, period);
      const forecast = forecasts.get(def.id)?.laterPeriods?.find((p) => p.periodKey === period.key);
      if (!forecast) continue;
      const projected = forecast.terms ? new Map(Object.entries(forecast.terms)) : undefined;
      const stand = terms.get(def.id);
      const own = projected ?? (stand && periodEndTerms(def, stand, forecast));
      const baseline = baselineOf(def.id, period, forecast.expected, forecast, own);
      // the result names the period the terms are of when the current one's stand in
      if (!projected && own) baseline.termsPeriodKey = current.get(def.id)!.key;
      baselines.set(def.id, baseline);
    }
    out.push(baselines);
  }
  return out;
}

function pathOf(points: readonly ForecastPointView[], period: FiscalPeriod): KpiBaseline['path'] {
  return points
    .filter((p) => p.time > period.start && p.time <= period.end)
    .map((p) => ({ time: p.time, expected: p.mean }));
}

/** Objective links with a measured slope; the lag is the measured one (else the hypothesised one). */
function measuredLinks(model: TwinModel, estimates: readonly LinkEstimateView[]): MeasuredLink[] {
  const objectives = new Set(model.objectives.map((o) => o.id));
  return estimates.flatMap((e) => {
    if (!objectives.has(e.from) || !objectives.has(e.to)) return [];
    if (typeof e.slope !== 'number' || typeof e.slopeStdError !== 'number') return [];
    const link = model.links.find((l) => l.from === e.from && l.to === e.to);
    const lagMs = e.measuredLagMs ?? (link ? durationMs(link.lag) : 0);
    return [
      {
        from: e.from,
        to: e.to,
        lagMs,
        slope: e.slope,
        slopeStdError: e.slopeStdError,
        significant: e.significant,
        pValue: e.pValue,
        points: e.points,
        kpiScales: e.kpiScales ?? {},
      },
    ];
  });
}
