import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ACTIVE_MODEL, SINGLETONS, type ActiveModel, type ActiveModelSnapshot, type Singletons } from '@bsc/app-kit';
import { EVENT_BUS, type BscEventMap, type BscEventName, type EventBus } from '@bsc/events';
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
import { ANOMALY_WRITER, type AnomalyWriter } from './anomaly-writer';
import { storedAnomalyHolds, storedAnomalyWaits } from './stored-anomaly-holds';
import { useStoredAnomalyState } from './stored-anomaly-state';
import type { AlertNotification } from './alert-notification';
import { ALERT_CLOCK, ALERT_RUNTIME_OPTIONS, type AlertClock, type AlertRuntimeOptions } from './alert-runtime.options';
import { isScaledOut, modelEvaluation, type ModelEvaluation } from './model-evaluation';
import { HeldEvents } from './held-events';
import { KpiValueGate } from './kpi-value-gate';
import { EvaluationInputs } from './evaluation-inputs';
import { RuntimeAlertDescriber } from './runtime-alert-describer';
import { UntoldAnomalies } from './untold-anomalies';
import { unheardAnomalies, type UnheardAnomalyStore } from './unheard-anomalies';
import { WorkerSignalAnomalies } from './worker-signal-anomalies';
import { ALERT_NOTIFIERS, notifyAll, type AlertNotifier } from './notifiers/alert-notifier.port';

/**
 * Alerts raised live from the KPI stream. Every `kpi.updated` is scored against its period's target (with run-time
 * overrides) and fed to the scorecard's AlertEvaluator together with the latest `forecast.updated` probability; its
 * transitions are stored (AlertJournal), announced on the bus and pushed to the notifiers. A periodic tick checks
 * staleness and escalation. At start the evaluator re-attaches the open alerts in the database, so a restart
 * neither forgets nor duplicates them, and waits again for the conditions of alerts resolved by hand to clear.
 * Scaled out, all of this runs only in the replica elected for it; a successor starts the same way, from the open
 * alerts in the database, and first judges the newest KPI values that arrived before (KpiValueGate). There the KPI
 * workers watch the signals (WorkerSignalAnomalies) and the elected runtime raises the anomaly rules from what they
 * announce, and at its start from what they stored while no evaluation ran (unheardAnomalies). The events become
 * observations in EvaluationInputs.
 */
@Injectable()
export class AlertRuntimeService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertRuntimeService.name);
  private readonly journal: AlertJournal;
  private readonly unsubscribe: Array<() => void> = [];
  /** The rules, KPI states and anomaly monitors of the model version in force, while it evaluates. */
  private current: ModelEvaluation | undefined;
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
  private readonly unheardStore: UnheardAnomalyStore;
  private readonly inputs: EvaluationInputs;

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
    const describer = new RuntimeAlertDescriber(() => ({
      model: this.snapshot?.model,
      tracker: this.current?.tracker,
    }));
    const notify = (n: AlertNotification) => notifyAll(this.notifiers, n, this.logger);
    this.journal = new AlertJournal(alerts, bus, notify, metrics, describer);
    metrics.trackLive(() => this.current?.evaluator.liveAlerts().length ?? 0);
    this.untold = new UntoldAnomalies(anomalies, this.logger);
    this.inputs = new EvaluationInputs(() => this.current, this.journal, this.untold, bus, anomalyWriter, clock);
    this.unheardStore = { anomalies, alerts };
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
    on('forecast.updated', (e) => this.inputs.forecastUpdated(e));
    if (isScaledOut(this.options)) on('anomalies.detected', (e) => this.inputs.workerAnomalies(e));
    else on('samples.ingested', (e) => this.inputs.samplesIngested(e));
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
    const unheard = isScaledOut(this.options)
      ? await unheardAnomalies(this.unheardStore, this.requireEvaluator(), live, this.clock.now(), this.logger)
      : [];
    // a condition resolved by hand waits again for its condition to clear, as before this start
    const resolvedByHand = await this.journal.loadResolvedByHand();
    const waits = await storedAnomalyWaits(this.anomalies, this.requireEvaluator(), resolvedByHand, this.logger);
    const now = this.clock.now();
    const restored = [...live, ...resolvedByHand];
    this.journal.resolveOrphans(this.requireEvaluator().restore(restored, now, holds, waits), now);
    this.inputs.observeAnomalies(unheard, now);
    this.logger.log(
      { restored: live.length, resolvedByHand: resolvedByHand.length, rules: this.options.rules.map((r) => r.id) },
      'alert runtime started',
    );
    // what arrived before (the KPI feed's start, scaled out) first, after the stored state and the open alerts; then
    // the other events in the order they came (a sample is announced after the KPI update of the same samples)
    this.kpiUpdates.open((values) => this.inputs.kpisUpdated(values));
    this.held.open();
  }

  /**
   * The bands, change-point history and KPI states were in the memory of the process that ran before: read back, for
   * the model's KPIs or those given.
   */
  private async useStoredState(kpis?: TwinModel['kpis']): Promise<void> {
    if (!this.current || !this.snapshot) return;
    const stored = { forecasts: this.forecasts, kpiValues: this.kpiValues, anomalies: this.anomalies };
    const target = this.current;
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
      this.current = undefined;
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

  /** The API resolved one of our alerts by hand: let the evaluator know at once rather than at the next tick. */
  private onAlertResolved({ alertId }: BscEventMap['alert.resolved']): void {
    if (this.journal.owns(alertId)) void this.journal.syncFromStore(() => this.requireEvaluator(), this.clock.now());
  }

  private async runTick(now: number): Promise<void> {
    if (!this.current) return;
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
    this.current?.tracker.setOverrides(await this.targets.list());
  }

  /** A new model version: new rules per KPI; live alerts carry over, those of removed KPIs are resolved. */
  private useModel(snapshot: ActiveModelSnapshot): void {
    const now = this.clock.now();
    const previous = this.current;
    const before = previous && new Set(this.snapshot?.model.kpis.map((k) => k.id));
    const next = modelEvaluation(snapshot, this.options, now, previous?.monitors);
    if (previous) next.tracker.carryFrom(previous.tracker, now);
    if (previous) this.journal.resolveOrphans(next.evaluator.carryOver(previous.evaluator, now), now);
    this.current = next;
    this.snapshot = snapshot;
    // an added KPI may have a forecast made before this runtime knew it (heard and dropped), or stored values
    const added = before && snapshot.model.kpis.filter((k) => !before.has(k.id));
    if (added?.length) this.reading = Promise.all([this.reading, this.useStoredState(added)]).then(() => undefined);
  }

  private requireEvaluator(): AlertEvaluator {
    if (!this.current) throw new Error('alert runtime not started');
    return this.current.evaluator;
  }
}
