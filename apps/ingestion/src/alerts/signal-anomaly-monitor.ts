import type { SignalSample } from '@bsc/common';
import type { AnomalyEvent } from '@bsc/events';
import { SignalAnomalyDetector } from '@bsc/forecasting';
import { formulaReferences, type KpiDef } from '@bsc/twin';

interface SignalWatch {
  detector: SignalAnomalyDetector;
  lastTs: number;
}

/**
 * The platform's signal detector (the same code and settings as `bsc anomaly detect`), one per signal that a KPI
 * formula reads. A detector reads its signal once, in time order: late samples are left to the KPI engine. Bad
 * samples are not judged. A non-zero score (the detector reports an episode once) is reported for each KPI whose
 * formula reads the signal; the rule's minScore decides what alerts.
 */
export class SignalAnomalyMonitor {
  private readonly watches = new Map<string, SignalWatch>();
  private readonly kpisBySignal = new Map<string, string[]>();

  /** `previous`: the monitor of the former model version, whose detectors carry over for the same signals. */
  constructor(kpis: readonly KpiDef[], previous?: SignalAnomalyMonitor) {
    const kpiIds = new Set(kpis.map((k) => k.id));
    for (const kpi of kpis) {
      const refs = kpi.formula ? formulaReferences(kpi.formula) : undefined;
      if (!refs?.ok) continue;
      for (const id of refs.identifiers) {
        if (kpiIds.has(id)) continue;
        this.kpisBySignal.set(id, [...(this.kpisBySignal.get(id) ?? []), kpi.id]);
      }
    }
    for (const signalId of this.kpisBySignal.keys()) {
      const kept = previous?.watches.get(signalId);
      if (kept) this.watches.set(signalId, kept);
    }
  }

  get signalCount(): number {
    return this.kpisBySignal.size;
  }

  observe(samples: readonly SignalSample[]): AnomalyEvent[] {
    const found: AnomalyEvent[] = [];
    for (const sample of samples) {
      const kpiIds = this.kpisBySignal.get(sample.signalId);
      if (!kpiIds || sample.quality === 'bad') continue;
      let watch = this.watches.get(sample.signalId);
      if (!watch)
        this.watches.set(sample.signalId, (watch = { detector: new SignalAnomalyDetector(), lastTs: -Infinity }));
      if (sample.ts <= watch.lastTs) continue;
      watch.lastTs = sample.ts;
      const score = watch.detector.update(sample.value, sample.ts);
      if (score <= 0) continue;
      for (const kpiId of kpiIds) {
        const { signalId, ts, value } = sample;
        found.push({
          kind: 'signal',
          kpiId,
          signalId,
          ts,
          score,
          value,
          expected: null,
          lower: null,
          upper: null,
          periodKey: null,
        });
      }
    }
    return found;
  }
}
