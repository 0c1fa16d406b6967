import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import type { KpiFeed, StoredSample } from '../kpi/kpi-feed.port';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { DeadbandFilter } from './deadband-filter';
import { toDeadLetterRecord } from './dead-letter-record';
import { DEAD_LETTER_STORE, SAMPLE_STORE, type DeadLetterRecord, type DeadLetterStore, type SampleStore } from './pipeline-stores.port';
import { RecentKeys } from './recent-keys';
import type { DeadLetterInput, RawSampleInput, SampleIntake, SubmitResult } from './sample-intake.port';
import { validateSample, type ValidationLimits } from './sample-validator';
import { compileSignalCatalog, type SignalCatalog } from './signal-catalog';
import { WriteBuffer } from './write-buffer';
import { WRITE_POLICY } from './write-policy';

const DAY_MS = 86_400_000;

/** Why one item of a submitted batch was refused (index into the batch). */
export interface ItemError {
  index: number;
  reason: string;
  detail: string;
}

export interface DetailedSubmitResult extends SubmitResult {
  errors: ItemError[];
}

/**
 * The signal pipeline: validate → convert → de-duplicate → deadband → bounded batched write → KPI engine.
 * `submit` resolves once its accepted samples are stored, so connectors acknowledge only durable data.
 */
@Injectable()
export class SignalPipeline implements SampleIntake, BeforeApplicationShutdown {
  private readonly logger = new Logger(SignalPipeline.name);
  private readonly limits: ValidationLimits;
  private readonly recent = new RecentKeys(WRITE_POLICY.dedupWindow);
  private readonly deadband = new DeadbandFilter();
  private readonly samples: WriteBuffer<StoredSample>;
  private readonly deadLetters: WriteBuffer<DeadLetterRecord>;
  private catalog: SignalCatalog;
  private kpi: KpiFeed | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(INGESTION_CONFIG) config: IngestionConfig,
    @Inject(ACTIVE_MODEL) activeModel: ActiveModel,
    @Inject(SAMPLE_STORE) private readonly store: SampleStore,
    @Inject(DEAD_LETTER_STORE) deadLetterStore: DeadLetterStore,
    private readonly metrics: IngestionMetrics,
  ) {
    this.limits = { maxFutureMs: config.INGEST_MAX_FUTURE_S * 1000, maxPastMs: config.INGEST_MAX_PAST_DAYS * DAY_MS };
    this.catalog = compileSignalCatalog(activeModel.current().model, activeModel.current().version);
    this.unsubscribe = activeModel.onChange((snapshot) => this.useModel(snapshot));
    this.samples = new WriteBuffer((batch) => this.writeSamples(batch), WRITE_POLICY, {
      depth: (n) => metrics.bufferDepth.set(n),
      retry: (error, attempt, delayMs) => {
        metrics.writeRetries.inc();
        this.logger.warn({ err: error, attempt, delayMs }, 'sample write failed; retrying');
      },
      dropped: (count, error) => {
        metrics.dropped.inc(count);
        this.logger.error({ err: error, count }, 'accepted samples dropped at shutdown');
      },
    });
    this.deadLetters = new WriteBuffer((batch) => deadLetterStore.insert(batch), WRITE_POLICY, {
      retry: (error, attempt) => this.logger.warn({ err: error, attempt }, 'dead-letter write failed; retrying'),
      dropped: (count) => this.logger.error({ count }, 'dead letters dropped at shutdown'),
    });
  }

  get modelVersion(): number {
    return this.catalog.modelVersion;
  }

  async submit(batch: readonly RawSampleInput[]): Promise<DetailedSubmitResult> {
    const now = Date.now();
    const accepted: StoredSample[] = [];
    const letters: DeadLetterRecord[] = [];
    const errors: ItemError[] = [];
    let rejected = 0;
    let duplicates = 0;
    let filtered = 0;
    const catalog = this.catalog;
    this.countReceived(batch);
    for (let index = 0; index < batch.length; index++) {
      const raw = batch[index];
      const outcome = validateSample(raw, catalog, now, this.limits);
      if (!outcome.ok) {
        rejected += 1;
        errors.push({ index, reason: outcome.reason, detail: outcome.detail });
        this.metrics.rejected.inc({ reason: outcome.reason });
        letters.push(toDeadLetterRecord({ source: raw.source, channel: raw.signalId, reason: outcome.reason, detail: outcome.detail, raw: safeJson(raw), signalId: raw.signalId, receivedAt: now }));
        continue;
      }
      const sample = outcome.sample;
      if (!this.recent.add(sample.signalId, sample.ts)) {
        duplicates += 1;
        continue;
      }
      if (!this.deadband.pass(sample, catalog.get(sample.signalId)!)) {
        filtered += 1;
        continue;
      }
      const stored: StoredSample = { signalId: sample.signalId, ts: sample.ts, value: sample.value, quality: sample.quality, source: sample.source, receivedAt: now };
      if (raw.knownAt !== undefined) stored.knownAt = raw.knownAt;
      accepted.push(stored);
    }
    if (duplicates > 0) this.metrics.duplicates.inc(duplicates);
    if (filtered > 0) this.metrics.filtered.inc(filtered);
    const stored = this.samples.push(accepted).catch((error: unknown) => {
      // Not stored: forget the keys so the re-delivery the connector will get is not taken for a duplicate.
      for (const s of accepted) this.recent.forget(s.signalId, s.ts);
      throw error;
    });
    await Promise.all([stored, letters.length > 0 ? this.deadLetters.push(letters) : undefined]);
    return { accepted: accepted.length + filtered, rejected, duplicates, errors };
  }

  async deadLetter(entry: DeadLetterInput): Promise<void> {
    this.metrics.rejected.inc({ reason: entry.reason });
    await this.deadLetters.push([toDeadLetterRecord(entry)]);
  }

  /** The KPI side attaches itself (it also needs the pipeline, so it is not a constructor dependency). */
  connectKpiFeed(feed: KpiFeed): void {
    this.kpi = feed;
  }

  /** Remembers samples that are already stored (replay), so their re-delivery is recognised. */
  rememberStored(samples: readonly { signalId: string; ts: number }[]): void {
    for (const s of samples) this.recent.add(s.signalId, s.ts);
  }

  /**
   * After the connectors stopped (their onModuleDestroy) and before the database closes (TypeORM's
   * onApplicationShutdown): write what is buffered, then the KPI revisions it caused.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe();
    await Promise.all([this.samples.close(), this.deadLetters.close()]);
    await this.kpi?.close();
    await this.store.close?.();
  }

  /** One counter increment per source and call, not per sample (label lookups are the costly part). */
  private countReceived(batch: readonly RawSampleInput[]): void {
    let source = '';
    let n = 0;
    for (const raw of batch) {
      if (raw.source !== source) {
        if (n > 0) this.metrics.received.inc({ source: sourceLabel(source) }, n);
        source = raw.source;
        n = 0;
      }
      n += 1;
    }
    if (n > 0) this.metrics.received.inc({ source: sourceLabel(source) }, n);
  }

  private async writeSamples(batch: StoredSample[]): Promise<void> {
    const inserted = await this.store.insertBatch(batch, Date.now());
    this.metrics.stored.inc(inserted);
    // Rows already in the database were re-deliveries from before a restart.
    if (inserted < batch.length) this.metrics.duplicates.inc(batch.length - inserted);
    try {
      this.kpi?.samplesStored(batch);
    } catch (error) {
      // The samples are stored; a KPI failure must not make the buffer write them again.
      this.logger.error({ err: error }, 'KPI update failed');
    }
  }

  private useModel(snapshot: ActiveModelSnapshot): void {
    try {
      this.catalog = compileSignalCatalog(snapshot.model, snapshot.version);
      this.deadband.reset();
      this.logger.log({ version: snapshot.version, signals: this.catalog.size }, 'pipeline uses new model version');
    } catch (error) {
      this.logger.error({ err: error, version: snapshot.version }, 'model refused by the pipeline; keeping the previous version');
    }
  }
}

/** Bounded label cardinality: "opcua:plant-north-opc" → "opcua". */
function sourceLabel(source: string): string {
  const colon = source.indexOf(':');
  return colon < 0 ? source : source.slice(0, colon);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
