import type { SignalSample } from '@bsc/common';
import type { AnomalyEvent } from '@bsc/events';
import { SignalAnomalyDetector } from '@bsc/forecasting';
import { CounterSteps, PlannedDowntime, type DowntimeState } from '@bsc/kpi';
import { formulaReferences, type KpiDef, type TwinModel } from '@bsc/twin';

interface SignalWatch {
  /** The signal while what it measures runs (and restarts). */
  detector: SignalAnomalyDetector;
  /** The signal in planned downtime: made at the first such sample. */
  stopped: SignalAnomalyDetector | null;
  lastTs: number;
  /** Counters: their steps, which the detectors judge (made at the first reading). */
  counter: CounterSteps | null;
}

/** The planned-downtime state of what a signal measures at a time (PlannedDowntime.signalStateAt). */
export type SignalDowntime = (signalId: string, ts: number) => DowntimeState | null;

/**
 * The platform's signal detector (the same code and settings as `bsc anomaly detect`), one per signal that a KPI
 * formula reads. A detector reads its signal once, in time order: late samples are left to the KPI engine. Bad
 * samples are not judged. A non-zero score (the detector reports an episode once) is reported for each KPI whose
 * formula reads the signal; the rule's minScore decides what alerts.
 *
 * Planned downtime (the model's calendar): a stopped line is another regime, not an anomaly of the running one. Its
 * samples go to a second detector, so the running detector's history holds running values only and a restart is
 * judged against how the line ran before the stop, not against the zeros of the stop (fed to one detector, a
 * 30-minute stop keeps it alerting for the quarter of an hour its history takes to forget the stop). What either
 * finds in the window or its restart time is flagged `planned`: recorded and announced, never alerted on.
 *
 * A counter (a running total that may reset) is judged on its steps, as the KPI engine counts it (`counterStep`: a
 * drop is a reset, and the new reading is the step): its readings only grow, so a tripled scrap rate is a slightly
 * steeper ramp and a reset a fall by the whole total, where its steps are the scrap counts the rate test reads. Its
 * first reading has no step and is not judged; an anomaly reports the reading as received.
 */
export class SignalAnomalyMonitor {
  private readonly watches = new Map<string, SignalWatch>();
  private readonly kpisBySignal = new Map<string, string[]>();

  /** `previous`: the monitor of the former model version, whose detectors carry over for the same signals. */
  constructor(
    kpis: readonly KpiDef[],
    previous?: SignalAnomalyMonitor,
    private readonly downtime: SignalDowntime = () => null,
    /** Signals that are counters (running totals that may reset). */
    private readonly counters: ReadonlySet<string> = new Set(),
  ) {
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

  /** The monitor of a model's signals, told the model's planned downtime (`downtime`, when built already). */
  static forModel(
    model: TwinModel,
    previous?: SignalAnomalyMonitor,
    downtime = new PlannedDowntime(model),
  ): SignalAnomalyMonitor {
    const counters = new Set(model.signals.filter((s) => s.kind === 'counter').map((s) => s.id));
    return new SignalAnomalyMonitor(model.kpis, previous, (id, ts) => downtime.signalStateAt(id, ts), counters);
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
      if (!watch) {
        watch = { detector: new SignalAnomalyDetector(), stopped: null, lastTs: -Infinity, counter: null };
        this.watches.set(sample.signalId, watch);
      }
      if (sample.ts <= watch.lastTs) continue;
      const state = this.stateOf(sample.signalId, watch.lastTs, sample.ts);
      watch.lastTs = sample.ts;
      let judged = sample.value;
      if (this.counters.has(sample.signalId)) {
        judged = (watch.counter ??= new CounterSteps()).next(sample.value);
        if (Number.isNaN(judged)) continue;
      }
      const detector = state === 'stopped' ? (watch.stopped ??= new SignalAnomalyDetector()) : watch.detector;
      const score = detector.update(judged, sample.ts);
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
          ...(state ? { planned: true } : {}),
        });
      }
    }
    return found;
  }

  /**
   * The downtime state of a sample: at its time, or 'restarting' when the previous sample was in downtime. A total
   * "since the last sample" taken just after a restart mostly covers the stop (a 5 s meter reading with 4 s of it).
   */
  private stateOf(signalId: string, previous: number, ts: number): DowntimeState | null {
    const now = this.downtime(signalId, ts);
    if (now || previous === -Infinity) return now;
    return this.downtime(signalId, previous) ? 'restarting' : null;
  }
}
