import { BscError, BscErrorCode, KpiValue, SignalSample } from '@bsc/common';
import type { FormulaContext } from '@bsc/formula';
import type { TwinModel } from '@bsc/twin';
import { FiscalCalendar, FiscalPeriod } from '../calendar/fiscal-calendar';
import { SignalSeriesRegistry } from '../series/signal-series-registry';
import { EvaluationClock, KpiEvaluator } from './kpi-evaluator';
import { KpiEngineOptions, ResolvedKpiEngineOptions, resolveKpiEngineOptions } from './kpi-engine.options';
import { buildKpiPlans, KpiPlan } from './kpi-plan';
import { KpiSchedule } from './kpi-schedule';
import { PeriodMarker } from './period-marker';
import { replayHorizon, type ReplayHorizon } from './replay-horizon';
import type { KpiCheckpoint } from '../checkpoint/kpi-checkpoint';
import type { CheckpointSlicing } from '../checkpoint/sliced-checkpoint';
import { KpiEngineCheckpoints } from './kpi-engine.checkpoints';
import { KpiPass } from './kpi-pass';
import {
  currentValuesOf,
  flushSpanOf,
  historyOf,
  manualValueOf,
  newestPerPeriod,
  signalDependents,
  type SignalDependent,
} from './kpi-plan-values';
import { newEngineCounters, type KpiEngineStats } from './kpi-engine.stats';
import { WatermarkAdvance } from './watermark-advance';
import { SampleIntake } from './sample-intake';
import { KpiBatchIngest } from './kpi-engine.batch-ingest';

export type { KpiEngineStats } from './kpi-engine.stats';

/** Samples per ingest step during replay. */
export const REPLAY_CHUNK = 10_000;

/**
 * Streaming KPI computation over a twin model. Samples update pre-aggregated signal history and mark the
 * (KPI, period) pairs they can affect; each ingest call then recomputes only those, in dependency order, and
 * returns the values that changed. Everything is event-time: results depend on the data, never on arrival order
 * (within the retention horizon) or the wall clock.
 */
export class KpiEngine {
  readonly calendar: FiscalCalendar;
  private readonly options: ResolvedKpiEngineOptions;
  private readonly plans: KpiPlan[];
  private readonly planById = new Map<string, KpiPlan>();
  private readonly series: SignalSeriesRegistry;
  private readonly dependents: ReadonlyMap<string, SignalDependent[]>;
  private readonly evaluator: KpiEvaluator;
  private readonly clock: EvaluationClock = { watermark: -Infinity, tickNow: -Infinity };
  private readonly counters = newEngineCounters();
  private readonly marker: PeriodMarker;
  private readonly schedule: KpiSchedule;
  private readonly time: WatermarkAdvance;
  private readonly checkpoints: KpiEngineCheckpoints;
  private readonly pass: KpiPass;
  private readonly intake: SampleIntake;
  private readonly batches: KpiBatchIngest;

  constructor(model: TwinModel, options?: KpiEngineOptions) {
    this.options = resolveKpiEngineOptions(options);
    this.calendar = new FiscalCalendar(model.calendar);
    this.evaluator = new KpiEvaluator(this.calendar);
    this.marker = new PeriodMarker(this.calendar, (plan) => this.schedule.enqueue(plan));
    this.series = new SignalSeriesRegistry(model, this.calendar, this.options);
    this.plans = buildKpiPlans(model, {
      seriesFor: (id, period, slidingMs, staleAfterMs) => this.series.for(id, period, slidingMs, staleAfterMs),
    });
    for (const plan of this.plans) this.planById.set(plan.id, plan);
    this.schedule = new KpiSchedule(this.plans, this.options.visitAll, this.options.movingRefreshMs);
    this.time = new WatermarkAdvance(this.clock, this.plans, this.marker, this.schedule);
    this.pass = new KpiPass(this.clock, this.schedule, this.marker, this.evaluator, this.counters, this.options);
    this.checkpoints = new KpiEngineCheckpoints(this.options, this.calendar, this.plans, this.series, this.clock);
    this.dependents = signalDependents(this.plans);
    const { dependents, marker, schedule, time, checkpoints, counters } = this;
    this.intake = new SampleIntake(this.series, dependents, this.clock, time, marker, schedule, checkpoints, counters);
    const flushSpanMs = flushSpanOf(this.plans, this.options.bucketMs);
    this.batches = new KpiBatchIngest(this.clock, time, this.pass, this.intake, this.series, flushSpanMs);
  }

  get watermark(): number {
    return this.clock.watermark;
  }

  stats(): KpiEngineStats {
    return { ...this.counters, unjoined: this.series.unjoined, queuedStaleness: this.schedule.queuedStaleness };
  }

  /** Ids of KPIs in dependency order (inputs before the KPIs that read them). */
  kpiIds(): string[] {
    return this.plans.map((p) => p.id);
  }

  ingest(samples: readonly SignalSample[], deferOpen = false): KpiValue[] {
    if (this.checkpoints.restoring) {
      for (let i = 0; i < samples.length; i++) this.intake.accept(samples[i]);
      return [];
    }
    return this.batches.ingest(samples, deferOpen);
  }

  /**
   * Rebuilds state from stored samples (any order): sorted by time, then ingested in chunks of `chunk` (each one
   * pass: a KPI is evaluated once per chunk its samples are in, whatever the chunk's size). `deferOpen`, for a
   * replay read only at its end: the open periods of KPIs no other KPI reads are left for the next pass without it
   * (refreshMoving, tick), which evaluates them once at the watermark then, as the last of a pass per chunk would;
   * closed periods are evaluated as they close, while their windows are held. Until that pass those values are not
   * the engine's (nor are they in a checkpoint).
   */
  replay(samples: readonly SignalSample[], chunk = REPLAY_CHUNK, deferOpen = false): KpiValue[] {
    const sorted = [...samples].sort(
      (a, b) => a.ts - b.ts || (a.signalId < b.signalId ? -1 : a.signalId > b.signalId ? 1 : 0),
    );
    const values: KpiValue[] = [];
    for (let i = 0; i < sorted.length; i += chunk) {
      for (const v of this.ingest(sorted.slice(i, i + chunk), deferOpen)) values.push(v);
    }
    return newestPerPeriod(values);
  }

  /**
   * The history a replay needs for exact values of the periods open at `newest` (and of those within the
   * retention horizon behind it, where late samples still land); `lateFrom` reaches back to an older sample.
   */
  replayHorizon(newest: number, lateFrom = Infinity): ReplayHorizon {
    return replayHorizon(this.plans, this.calendar, Math.min(newest - this.options.retentionMs, lateFrom));
  }

  /** Before a bounded replay: periods before each KPI's floor are never evaluated (their history is not read). */
  limitTo(horizon: ReplayHorizon): void {
    for (const plan of this.plans) plan.floor = horizon.floors.get(plan.id) ?? -Infinity;
    this.checkpoints.floorsChanged();
  }

  /**
   * The state a restart needs, cut `checkpointReplayMs` behind the watermark (null before any sample, or when a
   * bounded replay did not read all the periods it would hold): the period
   * summaries of the periods still evaluated from the cut on. With the stored samples from `horizon.from` on (see
   * restore), it gives exactly this engine's values.
   */
  checkpoint(): KpiCheckpoint | null {
    return this.checkpoints.write();
  }

  /**
   * The same checkpoint, of the instant of the call, written in slices: samples ingested between slices change the
   * engine as usual but not the checkpoint (a series is written before it changes). One at a time.
   */
  checkpointInSlices(slicing?: CheckpointSlicing): Promise<KpiCheckpoint | null> {
    return this.checkpoints.writeInSlices(slicing);
  }

  /**
   * Starts a restore into this new engine: the checkpoint's summaries go in, and the returned horizon says what to
   * replay (replay() then feeds only the buckets): per signal its newest samples before `signals`, then every stored
   * sample from `from` on that the checkpoint covers. finishRestore() evaluates; later samples go through ingest().
   * Throws when the checkpoint does not fit this engine (another layout or model): the engine is then unusable.
   */
  restore(checkpoint: Pick<KpiCheckpoint, 'data'>): ReplayHorizon {
    if (this.clock.watermark !== -Infinity) throw new Error('a checkpoint is restored into a new engine only');
    const horizon = this.checkpoints.startRestore(checkpoint);
    this.limitTo(horizon);
    return horizon;
  }

  /** Ends a restore: evaluates every period from the floors on; returns their values. */
  finishRestore(): KpiValue[] {
    this.checkpoints.restoring = false;
    this.time.advance(Infinity, -Infinity);
    return this.pass.run();
  }

  setManualValue(kpiId: string, periodKey: string, value: number, at: number): KpiValue[] {
    const plan = this.requirePlan(kpiId);
    const manual = manualValueOf(plan, this.calendar, { periodKey, value, at, computedAt: this.options.clock() });
    plan.manual.set(manual.periodKey, manual);
    this.pass.markDependents(plan, this.calendar.tryParsePeriodKey(manual.periodKey) as FiscalPeriod);
    return [manual, ...this.pass.run()];
  }

  /**
   * Evaluates now every open value that moves with time alone and waits for its refresh (movingRefreshMs): after
   * it every value is the one evaluating them on every pass gives at the watermark. A replay read only at its end
   * (the forecasts' daily values) refreshes once there instead of on every page.
   */
  refreshMoving(): KpiValue[] {
    this.time.refreshMoving();
    return this.pass.run();
  }

  /**
   * Moves event time to `ts` without a sample, as a sample of a signal this engine does not hold would (an engine
   * that computes only some of the KPIs, while others take the samples): periods it passes close and open values are
   * evaluated up to it; returns the values that changed. `first`, the time of the first of those samples, starts
   * event time there, as that sample did for the engine that took it (every formula KPI is valued from its period
   * on); without it, before the engine's first sample, this does nothing.
   */
  advanceTo(ts: number, first = Infinity): KpiValue[] {
    const wmBefore = this.clock.watermark;
    const firstBefore = this.time.firstTs;
    if (this.checkpoints.restoring || !Number.isFinite(ts)) return [];
    const to = Math.max(ts, wmBefore);
    if (first < firstBefore && first <= to) this.time.firstTs = first;
    if (this.time.firstTs === Infinity || (!(ts > wmBefore) && this.time.firstTs === firstBefore)) return [];
    this.clock.watermark = to;
    this.time.advance(firstBefore, wmBefore);
    return this.pass.run();
  }

  /** Ids of the signals some KPI reads: samples of any other signal are ignored and move no event time. */
  signalIds(): string[] {
    return this.series.all().map((s) => s.id);
  }

  /** Re-judges staleness of open periods as of `now` (wall clock); values themselves do not change. */
  tick(now: number): KpiValue[] {
    if (now > this.clock.tickNow) this.clock.tickNow = now;
    return this.pass.run();
  }

  valueOf(kpiId: string, periodKey: string): KpiValue | null {
    const plan = this.planById.get(kpiId);
    const period = this.calendar.tryParsePeriodKey(periodKey);
    if (!plan || !period) return null;
    return plan.valueOf(period.key) ?? null;
  }

  /**
   * Reads a formula KPI's inputs for one period as its evaluation sees them (null for an unknown KPI or period):
   * `read` gets the formula context, so any term of the formula can be evaluated against the engine's data.
   */
  inspect<T>(kpiId: string, periodKey: string, read: (ctx: FormulaContext) => T): T | null {
    const plan = this.planById.get(kpiId);
    const period = this.calendar.tryParsePeriodKey(periodKey);
    if (!plan || !period || period.type !== plan.period) return null;
    return this.evaluator.inspect(plan, period, this.clock, read);
  }

  /**
   * The period of `inputId` a bare reference to it in `kpiId`'s formula reads for `periodKey`: the one holding the
   * evaluation's end, so inside an open period the one of the newest sample (null for an unknown KPI or period).
   */
  inputPeriodKey(kpiId: string, periodKey: string, inputId: string): string | null {
    const plan = this.planById.get(kpiId);
    const input = this.planById.get(inputId);
    const period = this.calendar.tryParsePeriodKey(periodKey);
    if (!plan || !input || !period || period.type !== plan.period) return null;
    return this.evaluator.kpiInputPeriod(input, period, this.clock).key;
  }

  /** Every stored value of a KPI, oldest period first. */
  history(kpiId: string): KpiValue[] {
    const plan = this.planById.get(kpiId);
    return plan ? historyOf(plan) : [];
  }

  /** Per KPI: the value of the period containing the watermark, else its most recent earlier value. */
  currentValues(): KpiValue[] {
    return currentValuesOf(this.plans, this.clock.watermark);
  }

  private requirePlan(kpiId: string): KpiPlan {
    const plan = this.planById.get(kpiId);
    if (!plan) throw new BscError(BscErrorCode.NotFound, `unknown KPI '${kpiId}'`, 'kpiId');
    return plan;
  }
}
