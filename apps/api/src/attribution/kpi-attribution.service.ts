import { Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { evaluateFormula } from '@bsc/formula';
import { FiscalCalendar, type FiscalPeriod, type KpiEngine } from '@bsc/kpi';
import { attributeKpiChange, attributionInputs, type AttributionData } from '@bsc/scorecard';
import type { KpiDef } from '@bsc/twin';
import { perRequest, type ApiContext } from '../graphql/api-context';
import { KpiValuesLoader } from '../kpis/kpi-values.loader';
import { PastKpiValues } from '../scorecard/past-kpi-values.service';
import { TwinIndexService } from '../twin/twin-index.service';
import type { KpiAttributionArgs } from './dto/kpi-attribution.args';
import type { KpiAttributionType } from './dto/kpi-attribution.types';
import { toKpiAttributionType } from './dto/to-kpi-attribution.type.mapper';

/**
 * Recomputes the KPI and its formula inputs for both periods from the stored samples (the engine's own evaluation,
 * so the parts are those of the values users see), once as corrected now and once as known when `from` was
 * reported, then splits the change.
 */
@Injectable()
export class KpiAttributionService {
  constructor(
    private readonly twin: TwinIndexService,
    private readonly past: PastKpiValues,
    private readonly loader: KpiValuesLoader,
  ) {}

  async attribution(ctx: ApiContext, kpiId: string, args: KpiAttributionArgs): Promise<KpiAttributionType> {
    const model = this.twin.current().model;
    const def = model.kpis.find((k) => k.id === kpiId);
    if (!def) throw new BscError(BscErrorCode.NotFound, `unknown KPI '${kpiId}'`, 'id');
    const calendar = new FiscalCalendar(model.calendar);
    const now = perRequest(ctx, 'now', () => Date.now());
    const inputs = attributionInputs(model, def.id);
    const closure = model.kpis.filter((k) => inputs.kpiIds.includes(k.id));
    // from the start of the earliest input period any compared period reads, plus the longest sliding window
    const spanFrom = (start: number, end: number) => ({
      from: Math.min(...closure.map((k) => calendar.periodOf(start, k.period).start)) - inputs.maxWindowMs,
      signalIds: inputs.signalIds,
      periodKeys: closure.flatMap((k) => calendar.periodsBetween(start, end - 1, k.period).map((p) => p.key)),
    });
    const overrides = await this.loader.targetOverrides(ctx);
    const request = { kpiId: def.id, targetsOverride: overrides };

    if (args.fromAt || args.toAt) {
      // two instants: each end is its period's value to date, as corrected now
      if (!args.fromAt || !args.toAt)
        throw new BscError(BscErrorCode.BadInput, 'fromAt: give both fromAt and toAt', 'fromAt');
      const [fromAt, toAt] = [args.fromAt.getTime(), Math.min(args.toAt.getTime(), now)];
      if (fromAt >= toAt) throw new BscError(BscErrorCode.BadInput, 'fromAt: must be before toAt and now', 'fromAt');
      const from = calendar.periodOf(fromAt, def.period);
      const to = calendar.periodOf(toAt, def.period);
      const span = spanFrom(from.start, to.end);
      const [atFrom, atTo, reported] = await Promise.all([
        this.past.engine(model, { ...span, to: fromAt + 1, knownAt: now }),
        this.past.engine(model, { ...span, to: toAt + 1, knownAt: now }),
        this.past.engine(model, { ...span, to: fromAt + 1, knownAt: fromAt }),
      ]);
      const result = attributeKpiChange(
        model,
        calendar,
        { from: engineData(atFrom), to: engineData(atTo) },
        {
          ...request,
          fromKey: from.key,
          toKey: to.key,
          fromAt,
          toAt,
          reportedFrom: reported.valueOf(def.id, from.key)?.value ?? null,
        },
      );
      return toKpiAttributionType(result);
    }

    if (!args.from || !args.to) {
      throw new BscError(BscErrorCode.BadInput, 'from: give from and to (period keys) or fromAt and toAt', 'from');
    }
    const from = periodArg(calendar, def, args.from, 'from');
    const to = periodArg(calendar, def, args.to, 'to');
    if (from.start >= to.start) throw new BscError(BscErrorCode.BadInput, 'from: must be a period before to', 'from');
    if (to.start > now) throw new BscError(BscErrorCode.BadInput, 'to: the period has not started', 'to');
    const reportedAt = Math.min(args.reportedAt?.getTime() ?? from.end, now);
    const span = spanFrom(from.start, to.end);
    const [current, reported] = await Promise.all([
      this.past.engine(model, { ...span, to: Math.min(to.end, now + 1), knownAt: now }),
      this.past.engine(model, { ...span, to: Math.min(from.end, reportedAt + 1), knownAt: reportedAt }),
    ]);
    const result = attributeKpiChange(model, calendar, engineData(current), {
      ...request,
      fromKey: from.key,
      toKey: to.key,
      reportedFrom: reported.valueOf(def.id, from.key)?.value ?? null,
    });
    return toKpiAttributionType(result);
  }
}

function periodArg(calendar: FiscalCalendar, def: KpiDef, key: string, field: string): FiscalPeriod {
  const period = calendar.tryParsePeriodKey(key);
  if (!period || period.type !== def.period) {
    throw new BscError(BscErrorCode.BadInput, `${field}: '${key}' is not a ${def.period} period key`, field);
  }
  return period;
}

function engineData(engine: KpiEngine): AttributionData {
  return {
    terms: (kpiId, periodKey, terms) =>
      engine.inspect(kpiId, periodKey, (ctx) => new Map(terms.map((t) => [t.key, evaluateFormula(t.node, ctx)]))),
    value: (kpiId, periodKey) => engine.valueOf(kpiId, periodKey)?.value ?? null,
  };
}
