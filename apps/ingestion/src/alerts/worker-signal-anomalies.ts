import type { ActiveModel, ActiveModelSnapshot } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import type { AnomalyEvent, EventBus, EventOrigin } from '@bsc/events';
import type { AlertRuleDef } from '@bsc/scorecard';
import { rulesForModel } from './alert-rules';
import type { AlertClock } from './alert-runtime.options';
import type { AnomalyWriter } from './anomaly-writer';
import { SignalAnomalyMonitor } from './signal-anomaly-monitor';

/**
 * Signal anomaly detection in a scale-out's KPI worker, whichever process won the alert election: one detector per
 * signal of the samples this worker stores (its own `samples.ingested`, so the partitions it holds). What it finds is
 * stored and announced as `anomalies.detected`; the elected alert runtime raises the `anomaly` rules' alerts from
 * those announcements. Another process's samples (late history, announced across the bus) are its own detectors'.
 * Nothing is watched while no `anomaly` rule applies to the model.
 */
export class WorkerSignalAnomalies {
  private monitor: SignalAnomalyMonitor | undefined;
  private unitOf = new Map<string, string>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly rules: readonly AlertRuleDef[],
    private readonly writer: AnomalyWriter | null,
    private readonly clock: AlertClock,
  ) {}

  start(activeModel: ActiveModel): void {
    this.useModel(activeModel.current());
    this.unsubscribe.push(
      activeModel.onChange((snapshot) => this.useModel(snapshot)),
      this.bus.subscribe('samples.ingested', ({ samples }, origin) => this.observe(samples, origin)),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private useModel(snapshot: ActiveModelSnapshot): void {
    const { kpis } = snapshot.model;
    if (!rulesForModel(this.rules, kpis).some((r) => r.kind === 'anomaly')) {
      this.monitor = undefined;
      return;
    }
    this.monitor = SignalAnomalyMonitor.forModel(snapshot.model, this.monitor);
    this.unitOf = new Map(kpis.map((k) => [k.id, k.orgUnit]));
  }

  private observe(samples: readonly SignalSample[], origin: EventOrigin): void {
    if (origin !== 'local' || !this.monitor) return;
    const found: AnomalyEvent[] = this.monitor.observe(samples);
    if (found.length === 0) return;
    const now = this.clock.now();
    this.bus.publish('anomalies.detected', { anomalies: found, at: now });
    this.writer?.record(found, (kpiId) => this.unitOf.get(kpiId), now);
  }
}
