import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ActiveModelSnapshot } from '@bsc/app-kit';
import { BscError, BscErrorCode } from '@bsc/common';
import { evaluateFormula } from '@bsc/formula';
import { FiscalCalendar, type FiscalPeriod, type KpiEngine } from '@bsc/kpi';
import { attributeKpiChange, attributionInputs, type AttributionData } from '@bsc/scorecard';
import type { KpiDef, TwinModel } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { canSeeId } from '../auth/unit-scope';
import { perRequest, type ApiContext } from '../graphql/api-context';
import { KpiValuesLoader } from '../kpis/kpi-values.loader';
import { PastKpiValues, type PastEngineOptions } from '../scorecard/past-kpi-values.service';
import { MODEL_CATALOG, type ModelCatalog } from '../stores/model-catalog.store';
import { TwinIndexService } from '../twin/twin-index.service';
import type { KpiAttributionArgs } from './dto/kpi-attribution.args';
import type { KpiAttributionType } from './dto/kpi-attribution.types';
import { toKpiAttributionType } from './dto/to-kpi-attribution.type.mapper';

/**
 * Recomputes the KPI and its formula inputs for both periods from the stored samples (the engine's own evaluation,
 * so the parts are those of the values users see), once as corrected now and once as known when `from` was
 * reported, then splits the change. Each end is read with the model version in force then (at the end of its
 * period, or at its instant); where they differ, the to end is computed under both and the difference is the
 * model's share.
 */
@Injectable()
export class KpiAttributionService {
  constructor(
    private readonly twin: TwinIndexService,
    private readonly past: PastKpiValues,
    private readonly loader: KpiValuesLoader,
    @Optional() @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog | null = null,
  ) {}

  async attribution(
    ctx: ApiContext,
    principal: Principal,
    kpiId: string,
    args: KpiAttributionArgs,
  ): Promise<KpiAttributionType> {
    const index = this.twin.current();
    const current = index.model;
    const def = current.kpis.find((k) => k.id === kpiId);
    // one outside the caller's units answers like an unknown one
    if (!def || !canSeeId(principal, index, def.id))
      throw new BscError(BscErrorCode.NotFound, `unknown KPI '${kpiId}'`, 'id');
    const calendar = new FiscalCalendar(current.calendar);
    const now = perRequest(ctx, 'now', () => Date.now());
    const overrides = await this.loader.targetOverrides(ctx);
    // inputs outside the caller's units are summed into one part, as lineage prunes them
    const request = {
      kpiId: def.id,
      targetsOverride: overrides,
      shown: (id: string) => canSeeId(principal, index, id),
    };

    if (args.fromAt || args.toAt) {
      // two instants: each end is its period's value to date, as corrected now
      if (!args.fromAt || !args.toAt)
        throw new BscError(BscErrorCode.BadInput, 'fromAt: give both fromAt and toAt', 'fromAt');
      const [fromAt, toAt] = [args.fromAt.getTime(), Math.min(args.toAt.getTime(), now)];
      if (fromAt >= toAt) throw new BscError(BscErrorCode.BadInput, 'fromAt: must be before toAt and now', 'fromAt');
      const from = calendar.periodOf(fromAt, def.period);
      const to = calendar.periodOf(toAt, def.period);
      const models = await this.models(def, fromAt, toAt);
      const span = (model: TwinModel) => inputSpan(model, def.id, from.start);
      const [atFrom, atTo, reported, atToNow] = await Promise.all([
        this.past.engine(models.from.model, { ...span(models.from.model), to: fromAt + 1, knownAt: now }),
        this.past.engine(models.from.model, { ...span(models.from.model), to: toAt + 1, knownAt: now }),
        this.past.engine(models.from.model, { ...span(models.from.model), to: fromAt + 1, knownAt: fromAt }),
        models.to && this.past.engine(models.to.model, { ...span(models.to.model), to: toAt + 1, knownAt: now }),
      ]);
      const result = attributeKpiChange(
        models.from.model,
        calendar,
        { from: engineData(atFrom), to: engineData(atTo) },
        {
          ...request,
          fromKey: from.key,
          toKey: to.key,
          fromAt,
          toAt,
          reportedFrom: reported.valueOf(def.id, from.key)?.value ?? null,
          modelTo: models.to && atToNow ? { model: models.to.model, data: engineData(atToNow) } : undefined,
        },
      );
      return toKpiAttributionType(result, versions(models));
    }

    if (!args.from || !args.to) {
      throw new BscError(BscErrorCode.BadInput, 'from: give from and to (period keys) or fromAt and toAt', 'from');
    }
    const from = periodArg(calendar, def, args.from, 'from');
    const to = periodArg(calendar, def, args.to, 'to');
    if (from.start >= to.start) throw new BscError(BscErrorCode.BadInput, 'from: must be a period before to', 'from');
    if (to.start > now) throw new BscError(BscErrorCode.BadInput, 'to: the period has not started', 'to');
    const reportedAt = Math.min(args.reportedAt?.getTime() ?? from.end, now);
    const models = await this.models(def, Math.min(from.end - 1, now), Math.min(to.end - 1, now));
    const span = (model: TwinModel) => inputSpan(model, def.id, from.start);
    const toEnd = Math.min(to.end, now + 1);
    const [sameModel, reported, newModel] = await Promise.all([
      this.past.engine(models.from.model, { ...span(models.from.model), to: toEnd, knownAt: now }),
      this.past.engine(models.from.model, {
        ...span(models.from.model),
        to: Math.min(from.end, reportedAt + 1),
        knownAt: reportedAt,
      }),
      models.to && this.past.engine(models.to.model, { ...span(models.to.model), to: toEnd, knownAt: now }),
    ]);
    const result = attributeKpiChange(models.from.model, calendar, engineData(sameModel), {
      ...request,
      fromKey: from.key,
      toKey: to.key,
      // a `to` period still open is its value to date: compared, like an instant, with the target due by now
      toAt: to.end > now ? now : undefined,
      reportedFrom: reported.valueOf(def.id, from.key)?.value ?? null,
      modelTo: models.to && newModel ? { model: models.to.model, data: engineData(newModel) } : undefined,
    });
    return toKpiAttributionType(result, versions(models));
  }

  /**
   * The model versions in force at both ends (`to` only when another than at `from`); without a catalog (no
   * versions stored), the current model for both.
   */
  private async models(def: KpiDef, fromAt: number, toAt: number): Promise<{ from: ModelAt; to: ModelAt | null }> {
    const active = this.twin.current();
    const [from, to] = this.catalog
      ? await Promise.all([this.catalog.inForceAt(fromAt), this.catalog.inForceAt(toAt)])
      : [null, null];
    const atFrom: ModelAt = from ?? { model: active.model, version: null };
    const atTo: ModelAt = to ?? atFrom;
    if (!atFrom.model.kpis.some((k) => k.id === def.id))
      throw new BscError(BscErrorCode.BadInput, `from: KPI '${def.id}' was not in the model in force then`, 'from');
    if (!atTo.model.kpis.some((k) => k.id === def.id))
      throw new BscError(BscErrorCode.BadInput, `to: KPI '${def.id}' was not in the model in force then`, 'to');
    return { from: atFrom, to: atTo.version === atFrom.version ? null : atTo };
  }
}

type ModelAt = Pick<ActiveModelSnapshot, 'model'> & { version: number | null };

function versions(models: { from: ModelAt; to: ModelAt | null }): { from: number | null; to: number | null } {
  return { from: models.from.version, to: (models.to ?? models.from).version };
}

/** What a replay must read for the KPI under `model`: its input closure's signals, from the first compared period on. */
function inputSpan(model: TwinModel, kpiId: string, start: number): Pick<PastEngineOptions, 'from' | 'signalIds'> {
  return { from: start, signalIds: attributionInputs(model, kpiId).signalIds };
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
    inputPeriod: (kpiId, periodKey, inputId) => engine.inputPeriodKey(kpiId, periodKey, inputId),
  };
}
