import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import type { KpiValue, SignalSample } from '@bsc/common';
import { IMPORTED_SAMPLE_SOURCE } from '@bsc/persistence';
import { ACTIVE_MODEL, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { SignalPipeline } from '../pipeline/signal-pipeline.service';
import { WriteBuffer } from '../pipeline/write-buffer';
import { WRITE_POLICY } from '../pipeline/write-policy';
import type { KpiFeed, StoredSample } from './kpi-feed.port';
import { replayStoredSamples } from './kpi-replay';
import type { ReplayHorizon } from '@bsc/kpi';
import {
  KPI_ENGINE_FACTORY,
  KPI_REVISION_STORE,
  SAMPLE_HISTORY,
  type KpiEngineFactory,
  type KpiEnginePort,
  type KpiRevisionStore,
  type SampleHistory,
  type WriteFence,
} from './kpi-engine.port';

/** How often input staleness is re-evaluated. */
export const TICK_INTERVAL_MS = 5_000;
/**
 * KPI revisions are gathered for up to a second and only the newest per KPI period is written: the revision log's
 * time axis needs no finer grain, and one small transaction per sample batch would double the database work.
 */
const REVISION_POLICY = { ...WRITE_POLICY, flushIntervalMs: 1_000, batchSize: 10_000 };
/**
 * Changed values per `kpis.updated` event: one event per engine step, split only when a step changes more (e.g.
 * a day closing on a large model) so that one message stays well under a broker's payload limit (NATS: 1 MB).
 */
export const KPI_EVENT_BATCH = 1_000;

export interface Revision {
  value: KpiValue;
  modelVersion: number;
}

/**
 * Drives the KPI engine from stored samples: `kpis.updated` on the bus and a revision per changed KPI period. At
 * start (and when the model changes) the stored history is replayed, so KPI state survives restarts; samples stored
 * after the newest published revision (imported while the app was down, or written just before a crash) go through
 * the live path instead, so the periods they touch are published. While running, samples another process imported
 * (`bsc import samples`) are picked up by a watermark on their receipt time and take the same live, late-data path.
 */
@Injectable()
export class KpiFeedService implements KpiFeed, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KpiFeedService.name);
  private engine: KpiEnginePort | undefined;
  private modelVersion = 0;
  private ticker: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly revisions: WriteBuffer<Revision>;
  private importPoller: NodeJS.Timeout | undefined;
  /** received_at up to which imported samples reached the engine. */
  private importWatermark: number | null = null;
  /** Serialises engine rebuilds and import polls: both feed the one engine. */
  private work: Promise<void> = Promise.resolve();
  private snapshot: ActiveModelSnapshot | undefined;
  /** What the engine's replay read (undefined: everything). */
  private horizon: ReplayHorizon | undefined;
  /** Stored batches held back while the engine is rebuilt for a sample older than its horizon. */
  private held: StoredSample[][] | undefined;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(SAMPLE_HISTORY) private readonly history: SampleHistory,
    @Inject(KPI_REVISION_STORE) private readonly revisionStore: KpiRevisionStore,
    private readonly pipeline: SignalPipeline,
    private readonly metrics: IngestionMetrics,
    @Optional() @Inject(KPI_ENGINE_FACTORY) private readonly engineFactory?: KpiEngineFactory,
  ) {
    this.revisions = new WriteBuffer((batch) => appendLatest(revisionStore, batch), REVISION_POLICY, {
      retry: (error, attempt) => this.logger.warn({ err: error, attempt }, 'KPI revision write failed; retrying'),
      dropped: (count) => this.logger.error({ count }, 'KPI revisions dropped at shutdown'),
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.config.INGEST_ROLE === 'worker') return;
    if (this.config.SAMPLE_LOG === 'jetstream') {
      // an intake: the workers that own the log's partitions compute the KPIs
      this.logger.log('samples go to the JetStream sample log; KPIs are computed by the partition workers');
      return;
    }
    this.pipeline.connectKpiFeed(this);
    await this.serially(() => this.useModel(this.activeModel.current()));
    this.unsubscribe = this.activeModel.onChange((snapshot) => {
      this.serially(() => this.useModel(snapshot)).catch((error: unknown) =>
        this.logger.error({ err: error }, 'KPI engine rebuild failed'),
      );
    });
    if (this.engine) {
      this.ticker = setInterval(() => this.emit(this.engine?.tick(Date.now()) ?? [], Date.now()), TICK_INTERVAL_MS);
      this.ticker.unref();
      const pollMs = this.config.SAMPLE_IMPORT_POLL_INTERVAL_S * 1000;
      if (pollMs > 0) {
        this.importPoller = setInterval(() => void this.pollImports(), pollMs);
        this.importPoller.unref();
      }
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.ticker);
    clearInterval(this.importPoller);
    this.unsubscribe?.();
  }

  /**
   * Feeds samples `bsc import samples` stored since the watermark through the live path: the engine recomputes
   * exactly the periods they fall in and publishes them (kpis.updated, revisions). Runs on a timer; public for tests.
   */
  pollImports(): Promise<void> {
    return this.serially(async () => {
      if (!this.engine) return;
      const newest = await this.history.newestReceived(IMPORTED_SAMPLE_SOURCE);
      if (newest === null || (this.importWatermark !== null && newest <= this.importWatermark)) return;
      const oldest = await this.history.oldestReceivedAfter(this.importWatermark ?? -Infinity, {
        receivedBy: newest,
        source: IMPORTED_SAMPLE_SOURCE,
      });
      if (this.horizon && oldest !== null && oldest < this.horizon.lateBound) {
        // older than the replayed history: a replay from its period recomputes (and publishes) what it changes
        await this.rebuildFrom(oldest);
        this.importWatermark = newest;
        return;
      }
      const pages = this.history.replay({
        source: IMPORTED_SAMPLE_SOURCE,
        receivedAfter: this.importWatermark ?? undefined,
        receivedBy: newest,
      });
      const count = await this.ingestLate(pages);
      this.importWatermark = newest;
      if (count > 0) this.logger.log({ samples: count }, 'imported samples picked up; their KPI periods recomputed');
    }).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'imported samples not picked up; retrying at the next poll'),
    );
  }

  /** Resolves once queued engine work (rebuilds, import polls) is done; for tests. */
  settled(): Promise<void> {
    return this.work;
  }

  /** Called by the pipeline once its last samples are written (they may still produce revisions). */
  async close(): Promise<void> {
    // an import not polled yet would otherwise count as published at the next start (its receipt precedes later revisions)
    if (this.config.SAMPLE_IMPORT_POLL_INTERVAL_S > 0) await this.pollImports();
    // a rebuild for a late sample still running publishes revisions yet
    await this.work;
    await this.revisions.close();
  }

  samplesStored(samples: readonly StoredSample[]): void {
    if (this.held) {
      this.held.push([...samples]);
      return;
    }
    const horizon = this.horizon;
    // only samples some KPI reads: the engine ignores the others
    const oldest = horizon
      ? samples.reduce((min, s) => (s.ts < min && horizon.signals.has(s.signalId) ? s.ts : min), Infinity)
      : Infinity;
    if (this.engine && horizon && oldest < horizon.lateBound) {
      // rare: a sample older than the replayed history; its periods need the history before it
      this.held = [[...samples]];
      this.serially(() => this.rebuildFrom(oldest)).catch((error: unknown) =>
        this.logger.error({ err: error }, 'KPI engine rebuild for a late sample failed'),
      );
      return;
    }
    this.deliver(samples);
  }

  private deliver(samples: readonly StoredSample[]): void {
    if (!this.engine) {
      this.bus.publish('samples.ingested', { samples: samples as StoredSample[] });
      return;
    }
    const values = this.engine.ingest(samples);
    const now = Date.now();
    this.emit(values, now);
    // After the KPI update, so a listener of this event sees KPIs that already include these samples.
    this.bus.publish('samples.ingested', { samples: samples as StoredSample[] });
    // Lag from receipt to the KPI update, once per received message (its samples share the receipt time).
    let last = -1;
    for (const s of samples) {
      if (s.receivedAt === last) continue;
      last = s.receivedAt;
      this.metrics.lag.observe(Math.max(0, now - last) / 1000);
    }
  }

  signalsLost(signalIds: readonly string[], at: number): void {
    if (this.engine && signalIds.length > 0) this.emit(this.engine.markStale(signalIds), at);
  }

  private emit(values: readonly KpiValue[], now: number): void {
    if (values.length === 0) return;
    this.metrics.kpiUpdates.inc(values.length);
    const modelVersion = this.modelVersion;
    for (let i = 0; i < values.length; i += KPI_EVENT_BATCH) {
      this.bus.publish('kpis.updated', { values: values.slice(i, i + KPI_EVENT_BATCH), modelVersion });
    }
    this.revisions.push(values.map((value) => ({ value, modelVersion }))).catch((error: unknown) => {
      this.logger.error({ err: error, at: now }, 'KPI revisions not stored');
    });
  }

  private async useModel(snapshot: ActiveModelSnapshot): Promise<void> {
    this.snapshot = snapshot;
    if (!this.engineFactory) {
      this.logger.warn('no KPI engine configured; samples are stored but KPIs are not computed');
      return;
    }
    const engine = this.engineFactory(snapshot);
    if (!this.config.KPI_REPLAY_ON_START) {
      this.engine = engine;
      this.horizon = undefined;
      this.modelVersion = snapshot.version;
      this.importWatermark = await this.history.newestReceived(IMPORTED_SAMPLE_SOURCE);
      return;
    }
    const started = Date.now();
    // samples received up to here are replayed or ingested below; later imports are the poll's, never both
    const cutoff = started;
    // what published revisions already reflect is state only; anything stored later still has to be published
    const published = await this.revisionStore.newestRecordedAt();
    let count = 0;
    let horizon: ReplayHorizon | undefined;
    // the oldest sample still to be published: the replay reaches back to it, the late path reads from it
    let late: number | null = null;
    if (published !== null) {
      const receivedBy = Math.min(published, cutoff);
      late = await this.history.oldestReceivedAfter(receivedBy, { receivedBy: cutoff });
      const replayed = await replayStoredSamples(engine, this.history, {
        receivedBy,
        lateFrom: late ?? undefined,
        now: cutoff,
        full: this.config.KPI_REPLAY_HISTORY === 'full',
        onPage: (page) => this.pipeline.rememberStored(page),
      });
      count = replayed.samples;
      horizon = replayed.horizon;
    }
    this.engine = engine;
    this.horizon = horizon;
    this.modelVersion = snapshot.version;
    const unpublished =
      published !== null && late === null
        ? 0
        : await this.ingestLate(
            this.history.replay({
              receivedAfter: published ?? undefined,
              receivedBy: cutoff,
              // a range on the time index instead of a walk through all history for the receipt times
              from: late ?? undefined,
            }),
          );
    this.importWatermark = cutoff;
    this.logger.log(
      {
        samples: count,
        unpublished,
        from: horizon ? new Date(horizon.from).toISOString() : 'all',
        ms: Date.now() - started,
        version: snapshot.version,
      },
      'KPI state replayed from stored samples',
    );
  }

  /**
   * A sample older than the replayed history reached the feed: a new engine replays everything stored from that
   * sample's periods on (the sample included) and the values of those periods onwards are published. Batches
   * stored meanwhile were held; those the replay did not read go through the new engine afterwards.
   */
  private async rebuildFrom(oldest: number): Promise<void> {
    const snapshot = this.snapshot;
    if (!this.engineFactory || !snapshot) return;
    const started = Date.now();
    const engine = this.engineFactory(snapshot);
    try {
      const heldKeys = new Set((this.held ?? []).flat().map((s) => `${s.signalId}\u0000${s.ts}`));
      const replayed = await replayStoredSamples(engine, this.history, {
        lateFrom: oldest,
        now: started,
        full: this.config.KPI_REPLAY_HISTORY === 'full',
        onPage: (page) => {
          this.pipeline.rememberStored(page);
          for (const s of page) heldKeys.delete(`${s.signalId}\u0000${s.ts}`);
        },
      });
      this.engine = engine;
      this.horizon = replayed.horizon;
      this.emit(
        replayed.values.filter((v) => v.periodEnd > oldest),
        Date.now(),
      );
      this.logger.warn(
        { samples: replayed.samples, from: new Date(oldest).toISOString(), ms: Date.now() - started },
        'a sample older than the replayed history: KPI state rebuilt from its period on',
      );
      this.releaseHeld((s) => heldKeys.has(`${s.signalId}\u0000${s.ts}`));
    } catch (error) {
      // the old engine goes on; periods before its horizon keep the values published for them
      const held = this.held ?? [];
      this.held = undefined;
      for (const batch of held) this.deliver(batch);
      throw error;
    }
  }

  /** Held batches on: samples the replay read only to the bus, the others the live way (in arrival order). */
  private releaseHeld(unread: (s: StoredSample) => boolean): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const batch of held) {
      const fresh = batch.filter(unread);
      if (fresh.length < batch.length) {
        this.bus.publish('samples.ingested', { samples: batch.filter((s) => !unread(s)) });
      }
      // may hold again (a sample older than even the new horizon): the next rebuild queues behind this one
      if (fresh.length > 0) this.samplesStored(fresh);
    }
  }

  /** Stored samples through the live path (engine.ingest + publish), page by page. */
  private async ingestLate(pages: AsyncIterable<SignalSample[]>): Promise<number> {
    let count = 0;
    for await (const page of pages) {
      if (!this.engine) break;
      this.emit(this.engine.ingest(page), Date.now());
      this.pipeline.rememberStored(page);
      count += page.length;
    }
    return count;
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const run = this.work.then(task);
    this.work = run.catch(() => undefined);
    return run;
  }
}

/** A batch may hold several updates of one KPI period: only the newest becomes a revision. */
export async function appendLatest(
  store: KpiRevisionStore,
  batch: readonly Revision[],
  fence?: WriteFence,
): Promise<void> {
  const byVersion = new Map<number, Map<string, KpiValue>>();
  for (const { value, modelVersion } of batch) {
    let latest = byVersion.get(modelVersion);
    if (!latest) byVersion.set(modelVersion, (latest = new Map<string, KpiValue>()));
    latest.set(`${value.kpiId}\u0000${value.periodKey}`, value);
  }
  for (const [modelVersion, latest] of byVersion)
    await store.appendRevisions([...latest.values()], modelVersion, undefined, { fence });
}
