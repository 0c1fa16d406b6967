import type { KpiValue, SignalSample } from '@bsc/common';
import type { AnomalyEvent } from '@bsc/events';
import { PlannedDowntime, type DowntimeState } from '@bsc/kpi';
import type { TwinGraph, TwinModel } from '@bsc/twin';
import { KpiAnomalyMonitor, type KpiForecastBand, type KpiDowntime, type KpiPeriodValue } from './kpi-anomaly-monitor';
import { SignalAnomalyMonitor } from './signal-anomaly-monitor';

/**
 * What the alert runtime finds anomalies with, for one model version: the KPIs' own anomalies (forecast band,
 * change points; cheap, so always judged) and, only when an `anomaly` rule is configured, one detector per signal a
 * KPI formula reads. Both are told the model's planned downtime: a signal through what it measures, a KPI through
 * what the signals of its formula lineage measure. A new version keeps the history of what it still has.
 */
export class AnomalyMonitors {
  private readonly signals: SignalAnomalyMonitor | undefined;
  private readonly kpis: KpiAnomalyMonitor;

  constructor(snapshot: { model: TwinModel; graph: TwinGraph }, watchSignals: boolean, previous?: AnomalyMonitors) {
    const { model } = snapshot;
    const downtime = new PlannedDowntime(model);
    this.signals = watchSignals ? SignalAnomalyMonitor.forModel(model, previous?.signals, downtime) : undefined;
    this.kpis = new KpiAnomalyMonitor(
      model.kpis,
      previous?.kpis,
      // the graph only when there is downtime to trace (a lazy snapshot builds it at this read)
      downtime.empty ? undefined : kpiDowntime(snapshot.graph, downtime),
    );
  }

  observeValue(value: KpiValue): AnomalyEvent[] {
    return this.kpis.observe(value);
  }

  useForecasts(forecasts: readonly KpiForecastBand[]): void {
    this.kpis.useForecasts(forecasts);
  }

  /** The KPIs' stored period values, after a restart: see KpiAnomalyMonitor.useHistory. */
  useHistory(values: readonly KpiPeriodValue[]): void {
    this.kpis.useHistory(values);
  }

  /** After useHistory: see KpiAnomalyMonitor.outsideAtStart and resumeExcursions. */
  outsideAtStart(kpiIds: readonly string[]): ReturnType<KpiAnomalyMonitor['outsideAtStart']> {
    return this.kpis.outsideAtStart(kpiIds);
  }

  resumeExcursions(told: Parameters<KpiAnomalyMonitor['resumeExcursions']>[0]): void {
    this.kpis.resumeExcursions(told);
  }

  observeSamples(samples: readonly SignalSample[]): AnomalyEvent[] {
    return this.signals?.observe(samples) ?? [];
  }
}

/**
 * A KPI's downtime: that of the assets and processes measured by the signals its formula reads, directly or through
 * other KPIs (the twin graph's lineage, taken once per KPI). 'stopped' when any of them is stopped: a plant total
 * drops with one line's cleaning.
 */
function kpiDowntime(graph: TwinGraph, downtime: PlannedDowntime): KpiDowntime {
  const measured = new Map<string, string[]>();
  const nodesOf = (kpiId: string): string[] => {
    let nodes = measured.get(kpiId);
    if (!nodes) {
      const lineage = graph.node(kpiId)?.kind === 'kpi' ? graph.lineage(kpiId).signals : [];
      nodes = [...new Set(lineage.flatMap((s) => (s.measures === undefined ? [] : [s.measures])))];
      measured.set(kpiId, nodes);
    }
    return nodes;
  };
  return (kpiId, ts) => {
    let state: DowntimeState | null = null;
    for (const node of nodesOf(kpiId)) {
      const at = downtime.stateAt(node, ts);
      if (at === 'stopped') return at;
      state ??= at;
    }
    return state;
  };
}
