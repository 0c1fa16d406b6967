import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { KpiValue } from '@bsc/common';
import { ACTIVE_MODEL, SINGLETONS, type ActiveModel, type ActiveModelSnapshot, type Singletons } from '@bsc/app-kit';
import { EVENT_BUS, type AnomalyEvent, type BscEventMap, type BscEventName, type EventBus } from '@bsc/events';
import {
  AlertRepository,
  AnomalyRepository,
  ForecastRepository,
  KpiValueRepository,
  TargetOverrideRepository,
} from '@bsc/persistence';
import type { AlertEvaluator } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import { AlertJournal } from './alert-journal';
import { AlertMetrics } from './alert-metrics';
import type { AnomalyMonitors } from './anomaly-monitors';
import { ANOMALY_WRITER, type AnomalyWriter } from './anomaly-writer';
import { storedAnomalyHolds } from './stored-anomaly-holds';
import { useStoredAnomalyState } from './stored-anomaly-state';
import type { AlertNotification } from './alert-notification';
import { ALERT_CLOCK, ALERT_RUNTIME_OPTIONS, type AlertClock, type AlertRuntimeOptions } from './alert-runtime.options';
import type { KpiObservationTracker } from './kpi-observation-tracker';
import { isScaledOut, modelEvaluation } from './model-evaluation';
import { HeldEvents } from './held-events';
import { KpiValueGate } from './kpi-value-gate';
import { RuntimeAlertDescriber } from './runtime-alert-describer';
import { UntoldAnomalies } from './untold-anomalies';
import { WorkerSignalAnomalies } from './worker-signal-anomalies';
import { ALERT_NOTIFIERS, notifyAll, type AlertNotifier } from './notifiers/alert-notifier.port';

/**
 * Alerts raised live from the KPI stream. Every `kpi.updated` is scored against its period's target (with run-time
 * overrides) and fed to the scorecard's AlertEvaluator together with the latest `forecast.updated` probability; its
 * transitions are stored (AlertJournal), announced on the bus and pushed to the notifiers. A periodic tick checks
 * staleness and escalation. At start the evaluator re-attaches the open alerts in the database, so a restart
 * neither forgets nor duplicates them. Scaled out, all of this runs only in the replica elected for it; a successor
 * starts the same way, from the open alerts in the database, and first judges the newest KPI values that arrived
 * before (KpiValueGate). There the KPI workers watch the signals (WorkerSignalAnomalies) and the elected runtime
 * raises the anomaly rules from what they announce.
 */
@Injectable()
export class AlertRuntimeService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertRuntimeService.name);
  private readonly journal: AlertJournal;
  private readonly unsubscribe: Array<() => void> = [];
  private evaluator: AlertEvaluator | undefined;
  private tracker: KpiObservationTracker | undefined;
  private monitors: AnomalyMonitors | undefined;
  private snapshot: ActiveModelSnapshot | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private releaseElection?: () => Promise<void>;
  private workerSignals: WorkerSignalAnomalies | undefined;
  /** KPI values reach the evaluation through it: held while it does not run here. */
  private readonly kpiUpdates = new KpiValueGate();
  private readonly untold: UntoldAnomalies;
  /** The stored state read for the KPIs a model version added (see useModel). */
  private reading: Promise<void> = Promise.resolve();
  /** The other events it judges, as they came, held while it does not run here. */
  private readonly held: HeldEvents;
  private readonly listening: Array<() => void> = [];

  constructor(
    @Inject(ALERT_RUNTIME_OPTIONS) private readonly options: AlertRuntimeOptions,
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    alerts: AlertRepository,
    private readonly targets: TargetOverrideRepository,
    metrics: AlertMetrics,
    @Inject(ALERT_NOTIFIERS) private readonly notifiers: AlertNotifier[],
    @Inject(ALERT_CLOCK) private readonly clock: AlertClock,
    @Optional() @Inject(SINGLETONS) private readonly singletons: Singletons | null = null,
    @Optional() @Inject(ANOMALY_WRITER) private readonly anomalyWriter: AnomalyWriter | null = null,
    @Optional() private readonly forecasts: ForecastRepository | null = null,
    @Optional() private readonly kpiValues: KpiValueRepository | null = null,
    @Optional() private readonly anomalies: AnomalyRepository | null = null,
  ) {
    // alerts are described by what the runtime knows when they change
    const describer = new RuntimeAlertDescriber(() => ({ model: this.snapshot?.model, tracker: this.tracker }));
    const notify = (n: AlertNotification) => notifyAll(this.notifiers, n, this.logger);
    this.journal = new AlertJournal(alerts, bus, notify, metrics, describer);
    metrics.trackLive(() => this.evaluator?.liveAlerts().length ?? 0);
    this.untold = new UntoldAnomalies(anomalies, this.logger);
    const onError = (error: unknown) => this.logger.error({ err: error }, 'alert event not judged');
    this.held = new HeldEvents(onError, () => this.clock.now(), options.holdMs);
  }

  async onModuleInit(): Promise<void> {
    if (!this.options.enabled) return;
    this.kpiUpdates.listen(this.bus);
    this.listen();
    if (this.singletons?.elected) return;
    await this.startEvaluation();
  }

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    if (this.options.scaleOut === 'worker') {
      this.workerSignals = new WorkerSignalAnomalies(this.bus, this.options.rules, this.anomalyWriter, this.clock);
      this.workerSignals.start(this.activeModel);
    }
    for (const notifier of this.notifiers) notifier.start?.();
    if (!this.singletons?.elected) return this.startTicker();
    this.releaseElection = this.singletons.run('alert-evaluation', async () => {
      await this.startEvaluation();
      this.startTicker();
      return () => this.stopEvaluation();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.workerSignals?.stop();
    await this.releaseElection?.();
    await this.stopEvaluation();
    this.kpiUpdates.stop();
    for (const off of this.listening.splice(0)) off();
    await this.anomalyWriter?.close();
    await Promise.all(this.notifiers.map((n) => n.close?.() ?? Promise.resolve()));
  }

  /** The events the evaluation judges, held while it does not run here (HeldEvents). */
  private listen(): void {
    const on = <K extends BscEventName>(name: K, handler: (event: BscEventMap[K]) => void) =>
      this.listening.push(this.bus.subscribe(name, this.held.hold(handler)));
    on('forecast.updated', (e) => this.onForecastUpdated(e));
    if (isScaledOut(this.options)) on('anomalies.detected', (e) => this.onWorkerAnomalies(e));
    else on('samples.ingested', (e) => this.onSamplesIngested(e));
    on('alert.resolved', (e) => this.onAlertResolved(e));
  }

  private async startEvaluation(): Promise<void> {
    this.held.starting();
    this.useModel(this.activeModel.current());
    this.untold.reset();
    this.unsubscribe.push(
      this.activeModel.onChange((snapshot) => {
        try {
          this.useModel(snapshot);
        } catch (error) {
          // Keep evaluating with the previous version's rules rather than stop alerting.
          this.logger.error(
            { err: error, version: snapshot.version },
            'alert rules not rebuilt for the new model version',
          );
        }
      }),
    );
    await this.useStoredState();
    await this.refreshTargets();
    const live = await this.journal.loadLive();
    // anomaly alerts hold from their last stored anomaly, not from this start
    const holds = await storedAnomalyHolds(this.anomalies, this.requireEvaluator(), live, this.logger);
    const now = this.clock.now();
    this.journal.resolveOrphans(this.requireEvaluator().restore(live, now, holds), now);
    this.logger.log({ restored: live.length, rules: this.options.rules.map((r) => r.id) }, 'alert runtime started');
    // what arrived before (the KPI feed's start, scaled out) first, after the stored state and the open alerts; then
    // the other events in the order they came (a sample is announced after the KPI update of the same samples)
    this.kpiUpdates.open((values) => this.onKpisUpdated(values));
    this.held.open();
  }

  /**
   * The bands, change-point history and KPI states were in the memory of the process that ran before: read back, for
   * the model's KPIs or those given.
   */
  private async useStoredState(kpis?: TwinModel['kpis']): Promise<void> {
    if (!this.monitors || !this.tracker || !this.snapshot) return;
    const stored = { forecasts: this.forecasts, kpiValues: this.kpiValues };
    const target = { monitors: this.monitors, tracker: this.tracker };
    const model = kpis ? { ...this.snapshot.model, kpis } : this.snapshot.model;
    await useStoredAnomalyState(target, stored, model, this.clock.now(), this.logger);
  }

  private startTicker(): void {
    this.ticker = setInterval(() => void this.tick(), this.options.tickIntervalMs);
    this.ticker.unref();
  }

  /** Stops evaluating and forgets the live alerts: a later start restores them from the database. */
  private async stopEvaluation(): Promise<void> {
    this.kpiUpdates.close();
    this.held.close();
    clearInterval(this.ticker);
    for (const stop of this.unsubscribe.splice(0)) stop();
    await this.ticking;
    await this.untold.whenIdle();
    await this.journal.whenIdle();
    if (this.singletons?.elected) {
      this.evaluator = undefined;
      this.tracker = undefined;
      this.monitors = undefined;
    }
  }

  /** Staleness and escalation at `now`; also picks up acknowledgements and target changes made through the API. */
  tick(now: number = this.clock.now()): Promise<void> {
    // Ticks never overlap: a slow database delays the next one instead of stacking them.
    this.ticking ??= this.runTick(now).finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Resolves once every transition and anomaly so far is stored and announced (tests, shutdown). */
  async whenIdle(): Promise<void> {
    await this.reading;
    await this.untold.whenIdle();
    await this.journal.whenIdle();
    await this.anomalyWriter?.whenIdle();
  }

  /** Each value is observed first, so its anomalies (judged next) carry the value's own state. */
  private onKpisUpdated(values: readonly KpiValue[]): void {
    const found: AnomalyEvent[] = [];
    for (const value of values) {
      const observation = this.tracker?.fromValue(value, this.clock.now());
      if (observation) this.journal.record(this.requireEvaluator().observe(observation));
      const anomalies = this.monitors?.observeValue(value) ?? [];
      found.push(...this.untold.sort(value, anomalies, (told) => this.announce(told)));
    }
    const cascaded = this.tracker?.fromCascades(
      values.map((v) => v.kpiId),
      this.clock.now(),
    );
    for (const observation of cascaded ?? []) this.journal.record(this.requireEvaluator().observe(observation));
    this.announce(found);
  }

  private onForecastUpdated({ forecasts }: BscEventMap['forecast.updated']): void {
    this.monitors?.useForecasts(forecasts);
    const now = this.clock.now();
    for (const forecast of forecasts) {
      const observation = this.tracker?.fromForecast(forecast, now);
      if (observation) this.journal.record(this.requireEvaluator().observe(observation));
    }
  }

  /** Published after the KPI update of the same samples, so the observation carries the KPI's current value. */
  private onSamplesIngested({ samples }: BscEventMap['samples.ingested']): void {
    if (this.monitors) this.announce(this.monitors.observeSamples(samples));
  }

  /** The workers' signal anomalies (stored and announced by them): the `anomaly` rules judge them here. */
  private onWorkerAnomalies({ anomalies }: BscEventMap['anomalies.detected']): void {
    // the KPIs' own anomalies are found, announced and judged by this runtime (announce)
    this.observeAnomalies(
      anomalies.filter((a) => a.kind === 'signal'),
      this.clock.now(),
    );
  }

  /** Anomalies go on the bus (the API's `anomalyDetected`), to the database (in batches) and to the `anomaly` rules. */
  private announce(anomalies: readonly AnomalyEvent[]): void {
    if (anomalies.length === 0) return;
    const now = this.clock.now();
    this.bus.publish('anomalies.detected', { anomalies: [...anomalies], at: now });
    this.anomalyWriter?.record(anomalies, (kpiId) => this.tracker?.kpi(kpiId)?.orgUnit, now);
    this.observeAnomalies(anomalies, now);
  }

  private observeAnomalies(anomalies: readonly AnomalyEvent[], now: number): void {
    for (const anomaly of anomalies) {
      if (anomaly.planned) continue; // expected: the model's calendar stopped what it measures
      const observation = this.tracker?.fromAnomaly(anomaly, now);
      if (observation) this.journal.record(this.requireEvaluator().observe(observation));
    }
  }

  /** The API resolved one of our alerts by hand: let the evaluator know at once rather than at the next tick. */
  private onAlertResolved({ alertId }: BscEventMap['alert.resolved']): void {
    if (this.journal.owns(alertId)) void this.journal.syncFromStore(() => this.requireEvaluator(), this.clock.now());
  }

  private async runTick(now: number): Promise<void> {
    if (!this.evaluator) return;
    try {
      await this.refreshTargets();
      await this.journal.syncFromStore(() => this.requireEvaluator(), now);
      this.journal.record(this.requireEvaluator().tick(now));
      await this.journal.whenIdle();
    } catch (error) {
      this.logger.error({ err: error }, 'alert tick failed');
    }
  }

  private async refreshTargets(): Promise<void> {
    this.tracker?.setOverrides(await this.targets.list());
  }

  /** A new model version: new rules per KPI; live alerts carry over, those of removed KPIs are resolved. */
  private useModel(snapshot: ActiveModelSnapshot): void {
    const now = this.clock.now();
    const before = this.evaluator && new Set(this.snapshot?.model.kpis.map((k) => k.id));
    const next = modelEvaluation(snapshot, this.options, now, this.monitors);
    if (this.tracker) next.tracker.carryFrom(this.tracker, now);
    if (this.evaluator) this.journal.resolveOrphans(next.evaluator.carryOver(this.evaluator, now), now);
    ({ evaluator: this.evaluator, monitors: this.monitors, tracker: this.tracker } = next);
    this.snapshot = snapshot;
    // an added KPI may have a forecast made before this runtime knew it (heard and dropped), or stored values
    const added = before && snapshot.model.kpis.filter((k) => !before.has(k.id));
    if (added?.length) this.reading = Promise.all([this.reading, this.useStoredState(added)]).then(() => undefined);
  }

  private requireEvaluator(): AlertEvaluator {
    if (!this.evaluator) throw new Error('alert runtime not started');
    return this.evaluator;
  }
}
