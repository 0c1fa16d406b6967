import { Logger } from '@nestjs/common';
import type { ActiveModel, ActiveModelSnapshot } from '@bsc/app-kit';
import {
  type LoggedSample,
  type PartitionHandler,
  type RejectedEntry,
  type RelayedEntries,
  type SampleRelay,
} from '@bsc/cluster';
import type { KpiValue } from '@bsc/common';
import type { EventBus } from '@bsc/events';
import { newestPerPeriod, type ReplayHorizon } from '@bsc/kpi';
import type { SampleRepository } from '@bsc/persistence';
import type { KpiEngineFactory, KpiEnginePort, KpiRevisionStore, SampleHistory } from '../kpi/kpi-engine.port';
import { appendLatest, KPI_EVENT_BATCH } from '../kpi/kpi-revisions';
import { replayStoredSamples } from '../kpi/kpi-replay';
import type { DeadLetterStore, SampleStore } from '../pipeline/pipeline-stores.port';
import { IngestedAnnouncer } from '../kpi/samples-ingested';
import { LogEventTime } from './log-event-time';
import { PartitionFence } from './partition-fence';
import { partitionHistory } from './partition-history';
import { PartitionMoves, PartitionPlacement } from './partition-moves';
import { rejectedEntryRecords, storeWorkerBatch } from './worker-sample-store';

/** What a worker stores samples in and replays them from (`SampleRepository`). */
export type WorkerSampleRepository = SampleStore &
  SampleHistory &
  Pick<SampleRepository, 'edgeTsOf' | 'walkNewest' | 'receivedInBand'>;

export interface PartitionKpiWorkerOptions {
  partitions: number;
  /** Read every stored sample at a takeover instead of the history the open periods need. */
  fullReplay?: boolean;
  /**
   * The partition's fencing token while this process owns it, undefined once it does not
   * (PartitionConsumers.fence): checked before storing, and carried by every KPI write, which the database refuses
   * once a successor wrote with its higher token (this process may not know yet that its lease is gone).
   */
  fence?(partition: number): number | undefined;
  /**
   * The log, to send on what a model change moved (the sample log; without it, samples of a signal that moved stay
   * where they were logged): samples stored from this partition whose signal belongs to another, and rebuild requests.
   */
  relay?: SampleRelay;
  /**
   * Where what can never be handled goes: log entries that are no samples, and samples the database refuses for
   * good. Without it they are logged and dropped; either way they never hold the partition up.
   */
  deadLetters?: DeadLetterStore;
}

/** The KPI state of one owned partition. */
interface PartitionState {
  engine: KpiEnginePort;
  horizon: ReplayHorizon | undefined;
  version: number;
  /** The partition's KPIs: the engine runs the whole model but only these get inputs, and only these are written. */
  kpis: ReadonlySet<string>;
}

/**
 * The KPI worker's handler of one log partition at a time: at takeover the partition's KPI state is replayed from the
 * stored samples of its signals; each batch is stored idempotently and only the samples that were new go to the
 * engine, whose values are written as revisions and published before the batch is acknowledged. A batch holding
 * samples that were already stored (its previous owner died between storing and acknowledging it, maybe before
 * writing their KPI values) or a sample older than the replayed history rebuilds the state from the database, where
 * every stored sample counts once, and rewrites the values from that batch's oldest period on. A sample the database
 * refuses for good and a log entry that is no sample become dead letters (`deadLetters`). New samples are
 * announced as `samples.ingested` after their KPI update: every one to this process (its signal anomaly detectors),
 * those dated before today to the others (late history for the API's forecasts).
 * Across a model change (with `relay`): samples of a signal that now belongs to another partition are forwarded there
 * (already stored, they rebuild its state), and what was stored under an older version than the one in force is
 * announced by rebuild requests (MovedSignalMarkers); a request rebuilds from its time, like a late sample.
 */
export class PartitionKpiWorker implements PartitionHandler {
  private readonly logger = new Logger(PartitionKpiWorker.name);
  private readonly states = new Map<number, PartitionState>();
  /** Per partition the work in hand: batches and ticks run one at a time, so revisions land in computed order. */
  private readonly queues = new Map<number, Promise<unknown>>();
  /**
   * The event time of the whole log: the single process's one engine moves it with every sample some KPI reads, so
   * each partition's engine is advanced to it (its open periods evaluated up to it, the periods it passed closed,
   * every period from the log's first sample valued), else a KPI whose signals are quiet would keep an open value
   * another partition's samples have closed, and one whose signals have not sampled yet would have none.
   */
  private readonly time: LogEventTime;
  private readonly ingested: IngestedAnnouncer;
  private readonly fence: PartitionFence;
  private readonly placement: PartitionPlacement;
  private readonly moves?: PartitionMoves;
  private readonly unsubscribe?: () => void;

  constructor(
    private readonly samples: WorkerSampleRepository,
    private readonly revisions: KpiRevisionStore,
    private readonly bus: EventBus,
    private readonly activeModel: ActiveModel,
    private readonly engineFactory: KpiEngineFactory,
    private readonly options: PartitionKpiWorkerOptions,
  ) {
    this.ingested = new IngestedAnnouncer(bus);
    this.time = new LogEventTime(samples);
    this.fence = new PartitionFence(revisions, options.fence?.bind(options));
    this.placement = new PartitionPlacement(options.partitions);
    if (options.relay) {
      this.moves = new PartitionMoves(options.relay, this.placement);
      // an idle worker sends its requests too; one that fails is retried by the next batch or tick
      this.unsubscribe = activeModel.onChange(() => {
        this.relayMoves().catch((error: unknown) => this.logger.warn({ err: error }, 'rebuild requests not sent'));
      });
    }
  }

  close(): void {
    this.unsubscribe?.();
  }

  /** Partitions whose KPI state this worker holds. */
  held(): number[] {
    return [...this.states.keys()].sort((a, b) => a - b);
  }

  async start(partition: number): Promise<void> {
    const started = Date.now();
    // the fence first: a predecessor's write is then either in what the replay reads or refused
    await this.fence.pass(partition);
    const { state } = await this.replay(partition, this.activeModel.current());
    this.states.set(partition, state);
    this.logger.log({ partition, kpis: state.kpis.size, ms: Date.now() - started }, 'partition taken over');
  }

  stop(partition: number): Promise<void> {
    // the successor rebuilds from the database; nothing of this state may be used again
    this.states.delete(partition);
    this.logger.log({ partition }, 'partition given up');
    return Promise.resolve();
  }

  handle(partition: number, batch: LoggedSample[], relayed?: RelayedEntries): Promise<void> {
    return this.serially(partition, () => this.ingest(partition, batch, relayed));
  }

  /** Log entries that are no samples become `invalid_log_entry` dead letters, raw bytes kept. */
  async reject(partition: number, entries: RejectedEntry[]): Promise<void> {
    this.logger.error({ partition, entries: entries.map((e) => e.detail) }, 'log entries that are no samples');
    await this.options.deadLetters?.insert(rejectedEntryRecords(entries));
  }

  /**
   * Clock tick: per partition held, event time moves to the log's newest sample (stored by any worker: a query of
   * what is newer than the newest known here) and the values that changed by it or by their quality (inputs that
   * stopped updating) are written.
   */
  async tick(now: number): Promise<void> {
    await this.time.refresh();
    await Promise.all(
      this.held().map((partition) =>
        this.serially(partition, async () => {
          const state = this.states.get(partition);
          if (!state) return;
          const values = newestPerPeriod([...this.advance(state.engine), ...state.engine.tick(now)]);
          await this.commit(partition, state, values);
        }),
      ),
    );
    await this.relayMoves();
  }

  private async ingest(partition: number, batch: LoggedSample[], relayed?: RelayedEntries): Promise<void> {
    let state = this.states.get(partition);
    const snapshot = this.activeModel.current();
    if (!state || state.version !== snapshot.version) {
      state = (await this.replay(partition, snapshot)).state;
      this.states.set(partition, state);
    }
    this.fence.assertOwned(partition);
    // forwarded samples were stored by the sender: inserting them again finds them there, which rebuilds the state
    const forwarded = relayed?.forwarded ?? [];
    const rebuilds = relayed?.rebuilds ?? [];
    const all = forwarded.length > 0 ? [...batch, ...forwarded] : batch;
    const { fresh, storable, refused, letters } = await storeWorkerBatch(this.samples, all);
    this.time.note(refused.size > 0 ? all.filter((s) => !refused.has(s)) : all);
    // a refused sample is not forwarded: its dead letter is here
    await this.moves?.forward(partition, snapshot, refused.size > 0 ? batch.filter((s) => !refused.has(s)) : batch);
    const horizon = state.horizon;
    const late =
      horizon !== undefined && fresh.some((s) => s.ts < horizon.lateBound && horizon.signals.has(s.signalId));
    let values: KpiValue[];
    if (fresh.length < storable || late || rebuilds.length > 0) {
      const oldest = Math.min(
        all.reduce((min, s) => Math.min(min, s.ts), Infinity),
        rebuilds.reduce((min, r) => Math.min(min, r.fromTs), Infinity),
      );
      const rebuilt = await this.replay(partition, snapshot, oldest);
      state = rebuilt.state;
      this.states.set(partition, state);
      values = rebuilt.values.filter((v) => v.periodEnd > oldest);
    } else {
      values = newestPerPeriod([...state.engine.ingest(fresh), ...this.advance(state.engine)]);
    }
    await this.commit(partition, state, values, true);
    if (letters.length > 0) {
      this.logger.error({ partition, refused: letters.map((l) => l.detail) }, 'samples refused by the database');
      // after the batch's writes: a batch that fails before them and comes again sets its samples aside once
      await this.options.deadLetters?.insert(letters);
    }
    this.ingested.announce(snapshot, fresh);
    // before the batch is acknowledged: a model change meanwhile sends its requests for this batch's samples too
    await this.relayMoves();
  }

  /** Rebuild requests for what this worker stored under a model version older than the one now in force. */
  private relayMoves(): Promise<void> {
    return this.moves ? this.moves.flush(this.activeModel.current()) : Promise.resolve();
  }

  /**
   * Revisions first, then the event: a listener that reads the database sees what the event announced. A batch
   * (`batch`) passes the fence even when it changed none of the partition's values: a stale holder's batch then
   * fails here too and is not acknowledged, so the successor counts the samples it stored.
   */
  private async commit(
    partition: number,
    state: PartitionState,
    values: readonly KpiValue[],
    batch = false,
  ): Promise<void> {
    const own = values.filter((v) => state.kpis.has(v.kpiId));
    if (own.length === 0) {
      if (batch) await this.fence.pass(partition);
      return;
    }
    await this.fence.run(partition, (fence) =>
      appendLatest(
        this.revisions,
        own.map((value) => ({ value, modelVersion: state.version })),
        fence,
      ),
    );
    for (let i = 0; i < own.length; i += KPI_EVENT_BATCH) {
      this.bus.publish('kpis.updated', { values: own.slice(i, i + KPI_EVENT_BATCH), modelVersion: state.version });
    }
  }

  /** A fresh engine fed the partition's stored samples; `values`: the newest of every period it evaluated. */
  private async replay(
    partition: number,
    snapshot: ActiveModelSnapshot,
    lateFrom?: number,
  ): Promise<{ state: PartitionState; values: KpiValue[] }> {
    const partitioning = this.placement.of(snapshot);
    const signals = [...partitioning.signal].filter(([, p]) => p === partition).map(([id]) => id);
    const kpis = new Set([...partitioning.kpi].filter(([, p]) => p === partition).map(([id]) => id));
    const engine = this.engineFactory(snapshot);
    this.time.use(snapshot.version, () => engine.signalIds());
    const replayed = await replayStoredSamples(engine, partitionHistory(this.samples, signals), {
      lateFrom,
      now: Date.now(),
      full: this.options.fullReplay,
    });
    // the partition's own samples end where they end: event time is the log's
    await this.time.refresh();
    const values = newestPerPeriod([...replayed.values, ...this.advance(engine)]);
    return { state: { engine, horizon: replayed.horizon, version: snapshot.version, kpis }, values };
  }

  private advance(engine: KpiEnginePort): KpiValue[] {
    return engine.advanceTo(this.time.newest, this.time.first);
  }

  private serially<T>(partition: number, task: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(partition) ?? Promise.resolve()).then(task);
    this.queues.set(
      partition,
      run.catch(() => undefined),
    );
    return run;
  }
}
