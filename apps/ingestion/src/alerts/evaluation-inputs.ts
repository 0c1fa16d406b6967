import type { KpiValue } from '@bsc/common';
import type { AnomalyEvent, BscEventMap, EventBus } from '@bsc/events';
import type { ObservedAnomaly } from '@bsc/scorecard';
import type { AlertJournal } from './alert-journal';
import type { AlertClock } from './alert-runtime.options';
import type { AnomalyWriter } from './anomaly-writer';
import type { KpiObservationTracker } from './kpi-observation-tracker';
import type { ModelEvaluation } from './model-evaluation';
import type { UntoldAnomalies } from './untold-anomalies';

/**
 * The events the evaluation judges, turned into observations for its rules: KPI values (and the anomalies found on
 * them), forecasts, input signals, and anomalies found elsewhere (a worker's, or read back at a start). Anomalies
 * found here are announced, stored and judged; every transition goes to the journal. Nothing is judged while the
 * evaluation has no state.
 */
export class EvaluationInputs {
  constructor(
    private readonly state: () => ModelEvaluation | undefined,
    private readonly journal: AlertJournal,
    private readonly untold: UntoldAnomalies,
    private readonly bus: EventBus,
    private readonly writer: AnomalyWriter | null,
    private readonly clock: AlertClock,
  ) {}

  /** Each value is observed first, so its anomalies (judged next) carry the value's own state. */
  kpisUpdated(values: readonly KpiValue[]): void {
    const state = this.state();
    if (!state) return;
    const found: AnomalyEvent[] = [];
    for (const value of values) {
      this.judge(state, state.tracker.fromValue(value, this.clock.now()));
      const anomalies = state.monitors.observeValue(value);
      found.push(...this.untold.sort(value, anomalies, (told) => this.announce(told)));
    }
    const cascaded = state.tracker.fromCascades(
      values.map((v) => v.kpiId),
      this.clock.now(),
    );
    for (const observation of cascaded) this.judge(state, observation);
    this.announce(found);
  }

  forecastUpdated({ forecasts }: BscEventMap['forecast.updated']): void {
    const state = this.state();
    if (!state) return;
    state.monitors.useForecasts(forecasts);
    const now = this.clock.now();
    for (const forecast of forecasts) this.judge(state, state.tracker.fromForecast(forecast, now));
  }

  /** Published after the KPI update of the same samples, so the observation carries the KPI's current value. */
  samplesIngested({ samples }: BscEventMap['samples.ingested']): void {
    const state = this.state();
    if (state) this.announce(state.monitors.observeSamples(samples));
  }

  /** The workers' signal anomalies (stored and announced by them): the `anomaly` rules judge them here. */
  workerAnomalies({ anomalies }: BscEventMap['anomalies.detected']): void {
    // the KPIs' own anomalies are found, announced and judged by this runtime (announce)
    this.observeAnomalies(
      anomalies.filter((a) => a.kind === 'signal'),
      this.clock.now(),
    );
  }

  /** Anomalies found before, judged at `now`: one read back from storage holds from its `detectedAt`. */
  observeAnomalies(anomalies: ReadonlyArray<AnomalyEvent & Pick<ObservedAnomaly, 'detectedAt'>>, now: number): void {
    const state = this.state();
    if (!state) return;
    for (const anomaly of anomalies) {
      if (anomaly.planned) continue; // expected: the model's calendar stopped what it measures
      this.judge(state, state.tracker.fromAnomaly(anomaly, now));
    }
  }

  /** Anomalies go on the bus (the API's `anomalyDetected`), to the database (in batches) and to the `anomaly` rules. */
  private announce(anomalies: readonly AnomalyEvent[]): void {
    if (anomalies.length === 0) return;
    const now = this.clock.now();
    this.bus.publish('anomalies.detected', { anomalies: [...anomalies], at: now });
    this.writer?.record(anomalies, (kpiId) => this.state()?.tracker.kpi(kpiId)?.orgUnit, now);
    this.observeAnomalies(anomalies, now);
  }

  private judge(state: ModelEvaluation, observation: ReturnType<KpiObservationTracker['fromValue']>): void {
    if (observation) this.journal.record(state.evaluator.observe(observation));
  }
}
