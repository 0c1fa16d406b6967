import type { KpiValue, SignalSample } from '@bsc/common';
import type { AnomalyEvent, BscEventMap } from '@bsc/events';
import { PlannedDowntime } from '@bsc/kpi';
import type { TwinModel } from '@bsc/twin';
import { KpiAnomalyMonitor } from './kpi-anomaly-monitor';
import { SignalAnomalyMonitor } from './signal-anomaly-monitor';

/**
 * What the alert runtime finds anomalies with, for one model version: the KPIs' own anomalies (forecast band,
 * change points; cheap, so always judged) and, only when an `anomaly` rule is configured, one detector per signal a
 * KPI formula reads, told the model's planned downtime. A new version keeps the history of what it still has.
 */
export class AnomalyMonitors {
  private readonly signals: SignalAnomalyMonitor | undefined;
  private readonly kpis: KpiAnomalyMonitor;

  constructor(model: TwinModel, watchSignals: boolean, previous?: AnomalyMonitors) {
    const downtime = new PlannedDowntime(model);
    this.signals = watchSignals
      ? new SignalAnomalyMonitor(model.kpis, previous?.signals, (id, ts) => downtime.signalStateAt(id, ts))
      : undefined;
    this.kpis = new KpiAnomalyMonitor(model.kpis, previous?.kpis);
  }

  observeValue(value: KpiValue): AnomalyEvent[] {
    return this.kpis.observe(value);
  }

  useForecasts(forecasts: BscEventMap['forecast.updated']['forecasts']): void {
    this.kpis.useForecasts(forecasts);
  }

  observeSamples(samples: readonly SignalSample[]): AnomalyEvent[] {
    return this.signals?.observe(samples) ?? [];
  }
}
