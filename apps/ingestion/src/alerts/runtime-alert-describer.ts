import type { Alert } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import type { AlertDescriber } from './alert-journal';
import { alertMessage } from './alert-messages';
import type { AlertContext } from './alert-notification';
import type { KpiObservationTracker } from './kpi-observation-tracker';

/** What the runtime knows now: its model version and the KPIs' latest observations (none before it starts). */
export interface RuntimeKnowledge {
  model: TwinModel | undefined;
  tracker: KpiObservationTracker | undefined;
}

/**
 * What a stored and notified alert says of its unit and KPI, as the alert runtime knows them when the alert changes:
 * the current model version's names and owners, the KPI's latest value and target.
 */
export class RuntimeAlertDescriber implements AlertDescriber {
  constructor(private readonly current: () => RuntimeKnowledge) {}

  context(alert: Alert): AlertContext {
    const { model, tracker } = this.current();
    const unit = model?.units.find((u) => u.id === alert.unitId);
    const kpi = tracker?.kpi(alert.kpiId);
    const state = tracker?.state(alert.kpiId);
    return {
      unit: { id: alert.unitId, name: unit?.name ?? null, owner: unit?.owner ?? null },
      kpi: {
        id: alert.kpiId,
        name: kpi?.name ?? null,
        unit: kpi?.unit ?? null,
        periodKey: state?.periodKey ?? null,
        value: state?.value ?? null,
        target: state?.target ?? null,
      },
    };
  }

  message(alert: Alert): string {
    const { tracker } = this.current();
    return alertMessage(alert, tracker?.kpi(alert.kpiId), tracker?.state(alert.kpiId));
  }
}
