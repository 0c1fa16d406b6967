import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { KpiValue, SignalSample } from '@bsc/common';
import { ACTIVE_MODEL, HealthRegistry, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { SignalPipeline } from '../pipeline/signal-pipeline.service';
import type { KpiFeed, StoredSample } from './kpi-feed.port';
import { IngestedAnnouncer, PastDaySummary } from './samples-ingested';
import { KpiPublisher } from './kpi-revisions';
import { KpiImportPoll } from './kpi-import-poll';
import { KPI_CHECKPOINT_STORE, type KpiCheckpointStore } from './kpi-checkpoints';
import { KpiCheckpointer, withStoredAt } from './kpi-checkpointer';
import { startKpiEngine } from './kpi-start';
import { kpiFeedHealth } from './kpi-feed-health';
import { KpiWorkQueue } from './kpi-work-queue';
import { KpiLateRebuild } from './kpi-late-rebuild';
import { oldestBeforeReplay } from './kpi-late-sample';
import type { ReplayHorizon } from '@bsc/kpi';
import {
  KPI_ENGINE_FACTORY,
  KPI_REVISION_STORE,
  SAMPLE_HISTORY,
  type KpiEngineFactory,
  type KpiEnginePort,
  type KpiRevisionStore,
  type SampleHistory,
} from './kpi-engine.port';

/** How often input staleness is re-evaluated. */
export const TICK_INTERVAL_MS = 5_000;

/**
 * Drives the KPI engine from stored samples: `kpis.updated` and a revision per changed KPI period. At start (and on
 * a model change) the state comes from a checkpoint or a replay (see startKpiEngine); samples imported by another
 * process (`bsc import samples`) are picked up by a watermark on their receipt time and take the live, late path.
 * Its health (`kpi-feed`) degrades when that work, or batches held back behind a rebuild, wait for the stall bound.
 */
@Injectable()
export class KpiFeedService implements KpiFeed, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(KpiFeedService.name);
  private engine: KpiEnginePort | undefined;
  /** This process computes the KPIs (not a KPI worker, not an intake of the JetStream sample log). */
  private computes = false;
  private modelVersion = 0;
  /** The tick, import poll and checkpoint timers. */
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private readonly publisher: KpiPublisher;
  private readonly imports: KpiImportPoll;
  /** Serialises engine rebuilds, import polls and checkpoints: all use the one engine. */
  private readonly work = new KpiWorkQueue();
  private snapshot: ActiveModelSnapshot | undefined;
  /** What the engine's replay read (undefined: everything). */
  private horizon: ReplayHorizon | undefined;
  /** The rebuild for a sample older than the horizon, and the stored batches it holds back meanwhile. */
  private readonly late: KpiLateRebuild;
  private readonly checkpointer: KpiCheckpointer | undefined;
  private readonly ingested: IngestedAnnouncer;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SAMPLE_HISTORY) private readonly history: SampleHistory,
    @Inject(KPI_REVISION_STORE) private readonly revisionStore: KpiRevisionStore,
    private readonly pipeline: SignalPipeline,
    private readonly metrics: IngestionMetrics,
    @Optional() @Inject(KPI_ENGINE_FACTORY) private readonly engineFactory?: KpiEngineFactory,
    @Optional() @Inject(KPI_CHECKPOINT_STORE) private readonly checkpoints?: KpiCheckpointStore,
    @Optional() @Inject(HealthRegistry) private readonly health?: HealthRegistry,
  ) {
    this.publisher = new KpiPublisher(revisionStore, bus, metrics, this.logger);
    this.ingested = new IngestedAnnouncer(bus);
    metrics.kpiEngineProbe = () => this.engine?.stats();
    this.imports = new KpiImportPoll(history, bus, this.logger, {
      lateBound: () => this.horizon?.lateBound,
      rebuildFrom: (oldest) => this.late.rebuildFrom(oldest),
      ingestLate: (pages, then) => this.ingestLate(pages, then),
    });
    const full = config.KPI_REPLAY_HISTORY === 'full';
    const replay = { full, onPage: pipeline.rememberStored.bind(pipeline) };
    this.late = new KpiLateRebuild(engineFactory, history, this.ingested, this.logger, replay, {
      snapshot: () => this.snapshot,
      install: (engine, horizon, values) => {
        this.engine = engine;
        this.horizon = horizon;
        this.emit(values, Date.now());
      },
      deliver: (batch) => this.deliver(batch),
      stored: (samples) => this.samplesStored(samples),
    });
    if (checkpoints && config.KPI_CHECKPOINT_INTERVAL_S > 0) this.checkpointer = new KpiCheckpointer(checkpoints);
  }

  onModuleInit(): void {
    if (this.config.INGEST_ROLE === 'worker') return;
    if (this.config.SAMPLE_LOG === 'jetstream') {
      // an intake: the workers that own the log's partitions compute the KPIs
      this.logger.log('samples go to the JetStream sample log; KPIs are computed by the partition workers');
      return;
    }
    this.computes = true;
    this.pipeline.connectKpiFeed(this);
    const stallAfterMs = this.config.INGEST_STALL_AFTER_S * 1000;
    this.health?.register('kpi-revisions', () => this.publisher.health(stallAfterMs));
    this.health?.register('kpi-feed', () =>
      kpiFeedHealth(this.work.report(stallAfterMs), this.late.heldNow(Date.now()), stallAfterMs),
    );
  }

  /**
   * The KPI state is built, and what the start publishes (the periods the stop may have left unwritten, samples
   * stored while stopped) goes out, once every module is initialised: the alert runtime subscribes in its
   * onModuleInit, which Nest calls after this global module's. The connectors start after this (their modules are
   * not global), so no sample reaches the feed before its engine.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.computes) return;
    const built = this.serially(() => this.useModel(this.activeModel.current()));
    // before the build is awaited (a replay can take minutes): a version imported meanwhile is built after it
    this.unsubscribe = this.activeModel.onChange((snapshot) => {
      this.serially(() => this.useModel(snapshot)).catch((error: unknown) =>
        this.logger.error({ err: error }, 'KPI engine rebuild failed'),
      );
    });
    await built;
    if (!this.engine) return;
    const every = (seconds: number, run: () => void) => this.timers.push(setInterval(run, seconds * 1000).unref());
    every(TICK_INTERVAL_MS / 1000, () => this.emit(this.engine?.tick(Date.now()) ?? [], Date.now()));
    if (this.config.SAMPLE_IMPORT_POLL_INTERVAL_S > 0)
      every(this.config.SAMPLE_IMPORT_POLL_INTERVAL_S, () => void this.pollImports());
    if (this.checkpointer) every(this.config.KPI_CHECKPOINT_INTERVAL_S, () => void this.writeCheckpoint());
  }

  onModuleDestroy(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.unsubscribe?.();
  }

  /**
   * Feeds samples `bsc import samples` stored since the watermark through the live path: the engine recomputes
   * exactly the periods they fall in and publishes them (kpis.updated, revisions), then announces the samples
   * (`samples.ingested`), the one place every CLI import passes through. Runs on a timer; public for tests.
   */
  pollImports(): Promise<void> {
    return this.serially(() => this.pickUpImports()).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'imported samples not picked up; retrying at the next poll'),
    );
  }

  private async pickUpImports(): Promise<void> {
    if (this.engine) await this.imports.pickUp();
  }

  /** Stores the engine's checkpoint (imports picked up first). Runs on a timer and at the stop; public for tests. */
  writeCheckpoint(atStop = false): Promise<void> {
    return this.serially(async () => {
      const { engine, checkpointer } = this;
      if (!engine || !checkpointer || this.late.holding) return;
      if (this.config.SAMPLE_IMPORT_POLL_INTERVAL_S > 0) await this.pickUpImports();
      const written = await checkpointer.write(engine, this.modelVersion, this.imports.watermark, atStop);
      if (written) this.logger.debug(written, 'KPI checkpoint stored');
    }).catch((error: unknown) => this.logger.warn({ err: error }, 'KPI checkpoint not stored; retrying at the next'));
  }

  /** Resolves once queued engine work (rebuilds, import polls) is done; for tests. */
  settled(): Promise<void> {
    return this.work.settled();
  }

  /** Called by the pipeline once its last samples are written (they may still produce revisions). */
  async close(): Promise<void> {
    // an import not polled yet would otherwise count as published at the next start (its receipt precedes later revisions)
    if (this.config.SAMPLE_IMPORT_POLL_INTERVAL_S > 0) await this.pollImports();
    // a rebuild for a late sample still running publishes revisions yet
    await this.work.settled();
    // the stop's position: the next start neither reads again nor announces again what this run took in
    await this.writeCheckpoint(true);
    await this.publisher.close();
  }

  samplesStored(samples: readonly StoredSample[], storedAt?: number): void {
    if (this.late.holding) {
      this.late.hold(withStoredAt(samples, storedAt));
      return;
    }
    const oldest = this.engine && this.horizon ? oldestBeforeReplay(samples, this.horizon) : undefined;
    if (oldest !== undefined) {
      this.late.hold(withStoredAt(samples, storedAt));
      this.serially(() => this.late.rebuildFrom(oldest)).catch((error: unknown) =>
        this.logger.error({ err: error }, 'KPI engine rebuild for a late sample failed'),
      );
      return;
    }
    this.deliver(samples, storedAt);
  }

  private deliver(samples: readonly StoredSample[], storedAt?: number): void {
    if (!this.engine) {
      this.ingested.announce(this.snapshot, samples);
      return;
    }
    const started = performance.now();
    const values = this.engine.ingest(samples);
    const now = Date.now();
    this.emit(values, now);
    this.metrics.kpiBatchSeconds.observe((performance.now() - started) / 1000);
    // After the KPI update, so a listener of this event sees KPIs that already include these samples.
    this.ingested.announce(this.snapshot, samples, now);
    if (this.checkpointer?.deliveredBatch(samples, storedAt)) this.dropCheckpoint();
    this.metrics.observeKpiLag(samples, now);
  }

  /** A sample the stored checkpoint claims (received by its position) but does not hold: that checkpoint goes. */
  private dropCheckpoint(): void {
    this.serially(async () => this.checkpointer?.drop()).catch((error: unknown) =>
      this.logger.error({ err: error }, 'a KPI checkpoint missing a sample could not be dropped'),
    );
  }

  private emit(values: readonly KpiValue[], now: number): void {
    this.publisher.publish(values, this.modelVersion, now);
  }

  private async useModel(snapshot: ActiveModelSnapshot): Promise<void> {
    this.snapshot = snapshot;
    if (!this.engineFactory) {
      this.logger.warn('no KPI engine configured; samples are stored but KPIs are not computed');
      return;
    }
    const factory = this.engineFactory;
    // samples received up to here are replayed or ingested below; later imports are the poll's, never both
    const started = Date.now();
    const start = await startKpiEngine(() => factory(snapshot), {
      history: this.history,
      checkpoints: this.config.KPI_CHECKPOINT_INTERVAL_S > 0 ? this.checkpoints : undefined,
      onPage: (page) => this.pipeline.rememberStored(page),
      replay: this.config.KPI_REPLAY_ON_START ? this.config.KPI_REPLAY_HISTORY : 'none',
      modelVersion: snapshot.version,
      cutoff: started,
      published: await this.revisionStore.newestRecordedAt(),
    });
    const first = !this.engine;
    // at start the imports `after` holds were not announced (its live samples were, by the run that stored them)
    const summary = first && start.afterUnannounced ? PastDaySummary.today(snapshot, started) : undefined;
    if (start.miss) this.logger.warn(start.miss, 'KPI checkpoint not used; replaying instead');
    this.engine = start.engine;
    this.horizon = start.horizon;
    this.modelVersion = snapshot.version;
    this.emit(start.publish, Date.now());
    const stateMs = Date.now() - started;
    const after = start.after ? await this.ingestLate(this.history.replay(start.after), summary?.addImported) : 0;
    summary?.announce(this.bus);
    this.metrics.kpiStartSamples.set(start.figures.samples + after);
    this.checkpointer?.started(started, start.checkpointedTo, start.complete);
    // without a replay, a model change's engine starts empty as the first did: the poll goes on from where it was
    if (first || this.config.KPI_REPLAY_ON_START) this.imports.watermark = start.importWatermark;
    // imports stored while stopped reach the KPIs (and are announced) without a replay too, through the poll's path
    if (first && !this.config.KPI_REPLAY_ON_START) await this.imports.pickUp();
    this.logger.log(
      { ...start.figures, stateMs, after, ms: Date.now() - started, version: snapshot.version },
      'KPI state rebuilt from stored samples',
    );
  }

  /** Stored samples through the live path (engine.ingest + publish), page by page; `then` sees each page after. */
  private async ingestLate(
    pages: AsyncIterable<SignalSample[]>,
    then?: (page: SignalSample[]) => void,
  ): Promise<number> {
    let count = 0;
    for await (const page of pages) {
      if (!this.engine) break;
      this.emit(this.engine.ingest(page), Date.now());
      this.pipeline.rememberStored(page);
      then?.(page);
      count += page.length;
    }
    return count;
  }

  private serially(task: () => Promise<void>): Promise<void> {
    return this.work.run(task);
  }
}
