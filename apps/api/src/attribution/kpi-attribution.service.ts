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
    const from = periodArg(calendar, def, args.from, 'from');
    const to = periodArg(calendar, def, args.to, 'to');
    if (from.start >= to.start) throw new BscError(BscErrorCode.BadInput, 'from: must be a period before to', 'from');
    if (to.start > now) throw new BscError(BscErrorCode.BadInput, 'to: the period has not started', 'to');
    const reportedAt = Math.min(args.reportedAt?.getTime() ?? from.end, now);

    const inputs = attributionInputs(model, def.id);
    const periodKeys = model.kpis
      .filter((k) => inputs.kpiIds.includes(k.id))
      .flatMap((k) => calendar.periodsBetween(from.start, to.end - 1, k.period).map((p) => p.key));
    const span = { from: from.start - inputs.maxWindowMs, signalIds: inputs.signalIds, periodKeys };
    const [current, reported, overrides] = await Promise.all([
      this.past.engine(model, { ...span, to: Math.min(to.end, now + 1), knownAt: now }),
      this.past.engine(model, { ...span, to: Math.min(from.end, reportedAt + 1), knownAt: reportedAt }),
      this.loader.targetOverrides(ctx),
    ]);
    const result = attributeKpiChange(model, calendar, engineData(current), {
      kpiId: def.id,
      fromKey: from.key,
      toKey: to.key,
      reportedFrom: reported.valueOf(def.id, from.key)?.value ?? null,
      targetsOverride: overrides,
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
