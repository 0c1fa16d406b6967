import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ACTIVE_MODEL, HealthRegistry, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { conflictDetail, CONFLICTING_DUPLICATE, RecentKeys, type Conflict } from '@bsc/common';
import { classifyWriteError } from '@bsc/persistence';
import { compileSignalCatalog, type SignalCatalog, type ValidationLimits } from '@bsc/twin';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import type { KpiFeed, StoredSample } from '../kpi/kpi-feed.port';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { DeadbandFilter } from './deadband-filter';
import { refusedSampleRecord, toDeadLetterRecord } from './dead-letter-record';
import { pipelineHealth } from './pipeline-health';
import { countReceived } from './received-count';
import {
  DEAD_LETTER_STORE,
  SAMPLE_STORE,
  type DeadLetterRecord,
  type DeadLetterStore,
  type SampleStore,
} from './pipeline-stores.port';
import { Quarantine } from './quarantine';
import { ConnectorActivity } from '../connectors/connector-activity';
import type {
  DeadLetterInput,
  DetailedSubmitResult,
  ItemError,
  RawSampleInput,
  SampleIntake,
} from './sample-intake.port';
import { KpiHandoff } from './kpi-handoff';
import { OverlappedDelivery } from './overlapped-delivery';
import { triageBatch } from './batch-triage';
import { conflictRecord, RepeatCheck, type Indexed } from './repeat-check';
import { WriteBuffer } from './write-buffer';
import { WRITE_POLICY } from './write-policy';
import { WriteProgress } from './write-progress';

const DAY_MS = 86_400_000;
/** A stored batch's KPI step waits at most this long for the next write to overlap with (see OverlappedDelivery). */
const KPI_FALLBACK_MS = 10;
const NONE = { duplicates: 0, conflicts: [], refusedByWrite: 0, passedOn: 0 };
const isPermanent = (error: unknown): boolean => classifyWriteError(error) === 'permanent';

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
  private readonly repeats: RepeatCheck;
  private readonly samples: WriteBuffer<StoredSample>;
  private readonly deadLetters: WriteBuffer<DeadLetterRecord>;
  /** Apart, so dead letters written while sample writes hang (or the reverse) do not hide the stall. */
  private readonly writes: WriteProgress;
  /** Sample writes not yet settled: a re-delivery waits for them, since its original may be among them. */
  private readonly outstanding = new Set<Promise<void>>();
  /** Dead letters the database refused for good: kept here, bounded, instead of blocking the stream. */
  readonly quarantine = new Quarantine<DeadLetterRecord>(WRITE_POLICY.quarantineBound);
  private catalog: SignalCatalog;
  private kpi: KpiFeed | undefined;
  private readonly overlap = new OverlappedDelivery(KPI_FALLBACK_MS);
  /** Stored batches to the KPI side in the order their writes started (writes may finish out of order). */
  private readonly handoff = new KpiHandoff<{ samples: readonly StoredSample[]; storedAt: number }>(
    ({ samples, storedAt }) => this.kpi?.samplesStored(samples, storedAt),
    (error) => this.logger.error({ err: error }, 'KPI update failed'),
    this.overlap.schedule,
  );
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(INGESTION_CONFIG) config: IngestionConfig,
    @Inject(ACTIVE_MODEL) activeModel: ActiveModel,
    @Inject(SAMPLE_STORE) private readonly store: SampleStore,
    @Inject(DEAD_LETTER_STORE) deadLetterStore: DeadLetterStore,
    private readonly metrics: IngestionMetrics,
    @Optional() health?: HealthRegistry,
    @Optional() private readonly activity?: ConnectorActivity,
  ) {
    this.limits = { maxFutureMs: config.INGEST_MAX_FUTURE_S * 1000, maxPastMs: config.INGEST_MAX_PAST_DAYS * DAY_MS };
    this.repeats = new RepeatCheck(store);
    this.catalog = compileSignalCatalog(activeModel.current().model, activeModel.current().version);
    this.unsubscribe = activeModel.onChange((snapshot) => this.useModel(snapshot));
    const concurrentWrites = store.parallelWrites ? config.INGEST_WRITE_CONCURRENCY : 1;
    this.samples = new WriteBuffer(
      (batch) => this.writeSamples(batch),
      { ...WRITE_POLICY, concurrentWrites },
      {
        depth: (n) => metrics.bufferDepth.set(n),
        retry: (error, attempt, delayMs) => {
          metrics.writeRetries.inc();
          this.logger.warn({ err: error, attempt, delayMs }, 'sample write failed; retrying');
        },
        dropped: (count, error) => {
          metrics.dropped.inc(count);
          this.logger.error({ err: error, count }, 'accepted samples dropped at shutdown');
        },
        isPermanent,
        setAside: (sample, error) => this.sampleRefused(sample, error),
      },
    );
    this.deadLetters = new WriteBuffer((batch) => this.writeDeadLetters(deadLetterStore, batch), WRITE_POLICY, {
      retry: (error, attempt) => this.logger.warn({ err: error, attempt }, 'dead-letter write failed; retrying'),
      dropped: (count) => this.logger.error({ count }, 'dead letters dropped at shutdown'),
      isPermanent,
      setAside: (record, error) => this.deadLetterRefused(record, error),
    });
    this.writes = new WriteProgress(config.INGEST_STALL_AFTER_S * 1000);
    metrics.stallProbe = () => this.writes.report().report;
    health?.register('pipeline', () => {
      const { report, samples, deadLetters } = this.writes.report();
      return pipelineHealth(report, samples, deadLetters, {
        bufferDepth: this.samples.depth,
        quarantined: this.quarantine.total,
      });
    });
  }

  get modelVersion(): number {
    return this.catalog.modelVersion;
  }

  submit(batch: readonly RawSampleInput[]): Promise<DetailedSubmitResult> {
    return this.process(batch);
  }

  private async process(batch: readonly RawSampleInput[]): Promise<DetailedSubmitResult> {
    const now = Date.now();
    countReceived(batch, now, this.metrics, this.activity);
    const { accepted, acceptedIndex, repeats, letters, errors, filtered } = triageBatch(
      batch,
      now,
      this.catalog,
      this.limits,
      { recent: this.recent, deadband: this.deadband },
      (reason) => this.metrics.rejected.inc({ reason }),
    );
    const rejected = errors.length;
    if (filtered > 0) this.metrics.filtered.inc(filtered);
    // A re-delivery (after a reconnect) may arrive while its original still waits in the buffer: acknowledging it
    // at once would let the broker forget a message that is not stored yet.
    const originals = repeats.length > 0 ? [...this.outstanding] : [];
    const pushed =
      accepted.length > 0 ? this.writes.samples.track(() => this.samples.push(accepted)) : Promise.resolve();
    const stored = pushed.then(
      // stored; resolved once the KPIs include them too (a batch written beside an earlier one may wait for it)
      () => (accepted.length > 0 ? this.handoff.caughtUp() : undefined),
      (error: unknown) => {
        // Not stored: forget the keys so the re-delivery the connector will get is not taken for a duplicate.
        for (const s of accepted) this.recent.forget(s.signalId, s.ts);
        throw error;
      },
    );
    if (accepted.length > 0) {
      this.outstanding.add(stored);
      void stored.then(
        () => this.outstanding.delete(stored),
        () => this.outstanding.delete(stored),
      );
    }
    await Promise.all([stored, letters.length > 0 ? this.pushDeadLetters(letters) : undefined, ...originals]);
    const { duplicates, conflicts, refusedByWrite, passedOn } =
      repeats.length > 0 || this.repeats.refusing
        ? await this.repeats.ofSubmit(accepted, acceptedIndex, repeats)
        : NONE;
    if (duplicates > 0) this.metrics.duplicates.inc(duplicates);
    if (passedOn > 0) this.metrics.stored.inc(passedOn);
    if (conflicts.length > 0) await this.refuseConflicts(conflicts, errors);
    return {
      accepted: accepted.length - refusedByWrite + filtered + passedOn,
      rejected: rejected + conflicts.length,
      duplicates,
      errors,
    };
  }

  /** Repeats of a stored (signal, ts) with another reading: refused, each with its index and a dead letter. */
  private refuseConflicts(conflicts: ReadonlyArray<Indexed<Conflict>>, errors: ItemError[]): Promise<void> {
    this.metrics.rejected.inc({ reason: CONFLICTING_DUPLICATE }, conflicts.length);
    for (const { index, sample } of conflicts)
      errors.push({ index, reason: CONFLICTING_DUPLICATE, detail: conflictDetail(sample) });
    errors.sort((a, b) => a.index - b.index);
    return this.pushDeadLetters(conflicts.map(({ sample }) => conflictRecord(sample)));
  }

  deadLetter(entry: DeadLetterInput): Promise<void> {
    this.metrics.rejected.inc({ reason: entry.reason });
    return this.pushDeadLetters([toDeadLetterRecord(entry)]);
  }

  private pushDeadLetters(records: DeadLetterRecord[]): Promise<void> {
    return this.writes.deadLetters.track(() => this.deadLetters.push(records));
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
    await this.handoff.caughtUp();
    await this.kpi?.close();
    await this.store.close?.();
  }

  /** The pipeline's side of the data-source health: waiting samples, stall, quarantine. */
  healthSnapshot(): { bufferDepth: number; stalled: boolean; sinceProgressMs: number; quarantined: number } {
    const { report } = this.writes.report();
    return {
      bufferDepth: this.samples.depth,
      stalled: report.stalled,
      sinceProgressMs: report.sinceProgressMs,
      quarantined: this.quarantine.total,
    };
  }

  private async writeSamples(batch: StoredSample[]): Promise<void> {
    const storedAt = Date.now();
    const place = this.handoff.reserve();
    let written: { fresh: readonly StoredSample[]; exact?: number };
    try {
      written = await this.repeats.write(batch, storedAt, (part) =>
        this.store.insertNew(part, storedAt, this.overlap.writeSent),
      );
    } catch (error) {
      this.handoff.skip(place);
      throw error;
    }
    const { fresh } = written;
    this.metrics.writeSeconds.observe((Date.now() - storedAt) / 1000);
    this.metrics.writeRows.observe(batch.length);
    this.writes.samples.progressed();
    this.metrics.stored.inc(fresh.length);
    // A KPI failure is logged there: the samples are stored, and the buffer must not write them again.
    if (fresh.length > 0) this.handoff.fill(place, { samples: fresh, storedAt });
    else this.handoff.skip(place);
    // Rows already in the database: exact ones were re-deliveries from before a restart (stored and counted once
    // already), others conflict (the submit they came with refuses them). Read after the handoff: if the read fails,
    // the retried write finds the fresh samples stored, exact repeats of themselves.
    const exact = written.exact ?? (await this.repeats.afterWrite(batch, fresh));
    if (exact > 0) this.metrics.duplicates.inc(exact);
  }

  private async writeDeadLetters(store: DeadLetterStore, batch: DeadLetterRecord[]): Promise<void> {
    await store.insert(batch);
    this.writes.deadLetters.progressed();
  }

  /** A sample the database refuses for good becomes a dead letter: it is accounted for, and the stream goes on. */
  private async sampleRefused(sample: StoredSample, error: unknown): Promise<void> {
    this.writes.samples.progressed();
    this.logger.error(
      { err: error, signalId: sample.signalId, ts: sample.ts },
      'sample refused by the database; dead-lettered',
    );
    this.metrics.rejected.inc({ reason: 'write_refused' });
    await this.pushDeadLetters([refusedSampleRecord(sample, error)]);
  }

  private deadLetterRefused(record: DeadLetterRecord, error: unknown): void {
    this.writes.deadLetters.progressed();
    this.quarantine.add(record);
    this.metrics.quarantined.inc();
    this.logger.error(
      { err: error, reason: record.reason, channel: record.channel, quarantined: this.quarantine.total },
      'dead letter refused by the database; kept in quarantine',
    );
  }

  private useModel(snapshot: ActiveModelSnapshot): void {
    try {
      this.catalog = compileSignalCatalog(snapshot.model, snapshot.version);
      this.deadband.reset();
      this.logger.log({ version: snapshot.version, signals: this.catalog.size }, 'pipeline uses new model version');
    } catch (error) {
      this.logger.error(
        { err: error, version: snapshot.version },
        'model refused by the pipeline; keeping the previous version',
      );
    }
  }
}
