import { connect } from 'nats';
import { JetStreamSampleLog, type LoggedSample, type SampleLogOptions } from '@bsc/cluster';
import type { ReadStoredSamples, SignalSample } from '@bsc/common';
import type { SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import { kpiPartitions, samplePartition, TwinGraph, type TwinModel } from '@bsc/twin';

/** The platform's JetStream sample log (SAMPLE_LOG=jetstream) as the import reaches it. */
export interface ImportSampleLog {
  /** EVENT_BUS_URL's servers. */
  servers: string[];
  /** KPI_PARTITIONS: the platform's, or a sample lands in a partition whose owner does not read its signal. */
  partitions: number;
  /** Stream, subject prefix and replicas: the intakes' (defaults and EVENT_BUS_REPLICAS). */
  log: SampleLogOptions;
}

/** Where an import's validated samples go. */
export interface ImportSampleSink {
  /** How the summary names the samples `write` took. */
  readonly verb: string;
  /** Resolves with the samples of the batch taken as new, in input order, once they are durable. */
  write(batch: readonly SignalSample[]): Promise<readonly SignalSample[]>;
  /** Reads back what is stored for samples `write` did not take and for the file's repeats of a (signal, ts). */
  readonly readStored?: ReadStoredSamples;
  /**
   * The log: every row is first looked up with `readStored` (the workers' samples table) and only those not found are
   * written, a repeat of the file whose first no worker stored yet too, for the log to tell; what `write` leaves out
   * repeats a reading it took exactly (its id names the reading).
   */
  readonly passesOnUnstored?: boolean;
  close(): Promise<void>;
}

/**
 * SAMPLE_LOG=database: the idempotent batch insert; the ingestion's import poll finds them by their receipt time. At
 * the end the partitions the load made stale are analysed (PostgreSQL), so the first reads after a bulk import are
 * planned on statistics that know the rows are there.
 */
export function databaseSink(samples: SampleRepository, partitions: SamplePartitionRepository): ImportSampleSink {
  return {
    verb: 'stored',
    write: (batch) => samples.insertNew(batch),
    readStored: (keys) => samples.readStored(keys),
    close: async () => void (await partitions.analyzeStale()),
  };
}

/**
 * SAMPLE_LOG=jetstream: the import is one more intake. Each sample is appended to the log as an intake appends it
 * (the partition of its KPI dependency group in the model in force, `Nats-Msg-Id` `sampleMessageId`, no log entry
 * header, the append's time as receipt time) and not written to the samples table: the KPI worker owning the
 * partition stores it (`insertNew`) and feeds it to the partition's engine if it was new, as it does a late sample
 * of an intake, so it is stored once, by the worker, and its KPI periods are recomputed.
 *
 * Why not an elected poller that forwards what the import stored (the single-node way, a receipt-time watermark):
 * the watermark would be state outside both engines; a poller that fails over between forwarding and recording it
 * must either forward again or skip, and imports running side by side commit out of receipt-time order, so a
 * watermark can pass rows not yet visible. Appended, the log's work queue is the only hand-over: a sample leaves
 * it only once the owning worker stored it and wrote its KPI values; a worker that dies first leaves it to the
 * next owner, which finds what was stored already and rebuilds the partition from the database, where every sample
 * counts once. An import cut off half-way is simply run again: every row is compared with what the workers stored
 * before it is logged (a stored reading is a duplicate, another one refused by its line), and a sample logged but
 * not stored yet is dropped by JetStream (within its duplicate window) or found stored by the worker, so nothing
 * counts twice. A row repeating a (signal, ts) of the file whose first no worker stored yet is logged too: JetStream
 * drops an exact repeat by its id, and the worker dead-letters another reading.
 */
export async function sampleLogSink(
  target: ImportSampleLog,
  model: TwinModel,
  samples: SampleRepository,
): Promise<ImportSampleSink> {
  const partitioning = kpiPartitions(TwinGraph.fromModel(model), target.partitions);
  const nc = await connect({ servers: target.servers, name: 'bsc-import' });
  try {
    const log = await JetStreamSampleLog.open(nc, target.log);
    return {
      verb: 'appended to the sample log',
      write: async (batch) => {
        const receivedAt = Date.now();
        const logged = batch.map((s): LoggedSample => ({ ...s, receivedAt }));
        const { duplicate } = await log.append(logged, (s) => samplePartition(partitioning, s.signalId));
        return batch.filter((_, i) => !duplicate[i]);
      },
      // what the workers stored: a row of it is not logged; another reading is refused here, by its line
      readStored: (keys) => samples.readStored(keys),
      passesOnUnstored: true,
      close: () => nc.drain(),
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
}
