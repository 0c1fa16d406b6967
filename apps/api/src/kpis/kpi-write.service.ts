import { Inject, Injectable } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { BscError, BscErrorCode, type KpiValue } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
import type { KpiDef } from '@bsc/twin';
import { displayName, type Principal } from '../auth/principal';
import { canSeeUnit } from '../auth/unit-scope';
import { KPI_VALUE_STORE, type KpiValueStore } from '../stores/kpi-value.store';
import { TARGET_OVERRIDE_STORE, type TargetOverrideStore } from '../stores/target-override.store';
import { TwinIndexService } from '../twin/twin-index.service';
import type { ClearTargetInput, RecordKpiValueInput, SetTargetInput } from './dto/kpi-write.inputs';
import type { KpiRevisionType, KpiTargetType } from './dto/kpi.types';
import { toKpiRevisionType } from './dto/to-kpi.type.mapper';

/** Manual KPI values and target overrides: validated, attributed (who/when), appended (never overwritten). */
@Injectable()
export class KpiWriteService {
  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(KPI_VALUE_STORE) private readonly values: KpiValueStore,
    @Inject(TARGET_OVERRIDE_STORE) private readonly targets: TargetOverrideStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly twin: TwinIndexService,
  ) {}

  async record(principal: Principal, input: RecordKpiValueInput, at = Date.now()): Promise<KpiRevisionType> {
    const def = this.visibleKpi(principal, input.kpiId);
    if (!def.manualEntry)
      throw new BscError(
        BscErrorCode.BadInput,
        `input.kpiId: KPI '${def.id}' is computed from signals; only manualEntry KPIs take values`,
        'input.kpiId',
      );
    if (input.unit !== undefined && input.unit !== def.unit) {
      throw new BscError(
        BscErrorCode.BadInput,
        `input.unit: KPI '${def.id}' is measured in '${def.unit}', not '${input.unit}'`,
        'input.unit',
      );
    }
    const { min, max } = def.range ?? {};
    if ((min !== undefined && input.value < min) || (max !== undefined && input.value > max)) {
      throw new BscError(
        BscErrorCode.BadInput,
        `input.value: ${input.value} is outside the KPI's range [${min ?? '-∞'}, ${max ?? '∞'}]`,
        'input.value',
      );
    }
    const period = this.period(def, input.periodKey, at);
    const snapshot = this.activeModel.current();
    const value: KpiValue = {
      kpiId: def.id,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      value: input.value,
      asOf: Math.min(at, period.end - 1),
      computedAt: at,
      quality: { coverage: 1, stale: false, quality: 'good' },
      origin: 'manual',
    };
    // keepRepeats: re-entering the same number is still an attributed act worth keeping in the trail
    await this.values.appendRevisions([value], snapshot.version, at, {
      enteredBy: displayName(principal),
      comment: input.comment,
      keepRepeats: true,
    });
    this.bus.publish('kpi.updated', { value, modelVersion: snapshot.version });
    const trail = await this.values.revisions(def.id, period.key);
    return toKpiRevisionType(trail[trail.length - 1]);
  }

  async setTarget(principal: Principal, input: SetTargetInput, at = Date.now()): Promise<KpiTargetType> {
    const def = this.visibleKpi(principal, input.kpiId);
    const period = this.period(def, input.periodKey, at);
    if (def.direction === 'band' && (input.lower === undefined || input.upper === undefined)) {
      throw new BscError(
        BscErrorCode.BadInput,
        `input.lower: band KPI '${def.id}' needs lower and upper`,
        'input.lower',
      );
    }
    if (input.lower !== undefined && input.upper !== undefined && input.lower > input.upper) {
      throw new BscError(BscErrorCode.BadInput, 'input.lower: must not exceed upper', 'input.lower');
    }
    const record = await this.targets.set({
      kpiId: def.id,
      periodKey: period.key,
      value: input.value,
      lower: input.lower,
      upper: input.upper,
      setBy: displayName(principal),
      setAt: at,
    });
    this.bus.publish('scorecard.changed', { unitId: def.orgUnit, at });
    return { ...record, setAt: new Date(record.setAt) };
  }

  /** Back to the model's target for the period from `at`; time travel before `at` still shows the override. */
  async clearTarget(principal: Principal, input: ClearTargetInput, at = Date.now()): Promise<boolean> {
    const def = this.visibleKpi(principal, input.kpiId);
    const period = this.period(def, input.periodKey, at);
    const removed = await this.targets.remove(def.id, period.key, at);
    if (removed) this.bus.publish('scorecard.changed', { unitId: def.orgUnit, at });
    return removed;
  }

  private visibleKpi(principal: Principal, kpiId: string): KpiDef {
    const index = this.twin.current();
    const def = index.kpis.get(kpiId);
    if (!def || !canSeeUnit(principal, index, def.orgUnit))
      throw new BscError(BscErrorCode.NotFound, `input.kpiId: no KPI '${kpiId}'`, 'input.kpiId');
    return def;
  }

  private period(def: KpiDef, key: string | undefined, at: number): FiscalPeriod {
    const calendar = new FiscalCalendar(this.activeModel.current().model.calendar);
    if (key === undefined) return calendar.periodOf(at, def.period);
    const period = calendar.tryParsePeriodKey(key);
    if (!period || period.type !== def.period) {
      throw new BscError(
        BscErrorCode.BadInput,
        `input.periodKey: '${key}' is not a ${def.period} period key of the model's calendar`,
        'input.periodKey',
      );
    }
    return period;
  }
}
