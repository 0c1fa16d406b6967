import {
  headers,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type MsgHdrs,
  type NatsConnection,
  type PubAck,
  type StreamInfo,
} from 'nats';
import { declareStream } from '@bsc/events';
import {
  encodeRebuild,
  encodeSample,
  forwardedMessageId,
  rebuildMessageId,
  sampleMessageId,
  type LoggedSample,
  type RebuildMarker,
} from './sample-codec';

export const DEFAULT_SAMPLE_STREAM = 'BSC_SAMPLES';
export const SAMPLE_SUBJECT_PREFIX = 'bsc.samples';

export interface SampleLogOptions {
  stream?: string;
  /** Subjects are `<prefix>.<partition>`; two streams never share subjects, so a second log needs its own. */
  subjectPrefix?: string;
  /** Stream replicas: 1 on a single server, 3 on a cluster (survives one node). */
  replicas?: number;
  /** Window in which JetStream drops a re-published sample by its message id. */
  duplicateWindowMs?: number;
}

export interface AppendResult {
  /** Samples the stream took. */
  stored: number;
  /** Samples it already had (same signal and timestamp within the duplicate window). */
  duplicates: number;
  /** Per sample, in input order: whether the stream already had it. */
  duplicate: readonly boolean[];
}

/** What a KPI worker sends on through the log when the model moved a signal to another partition. */
export interface SampleRelay {
  /** Samples it stored from its partition whose signals belong to others, each to `partitionOf` it. */
  forward(samples: readonly LoggedSample[], partitionOf: (sample: LoggedSample) => number): Promise<void>;
  requestRebuild(markers: readonly RebuildMarker[]): Promise<void>;
}

/** A message a worker sent, not an intake: its kind is in this header (an intake's sample has none). */
export const LOG_ENTRY_HEADER = 'Bsc-Log-Entry';
export type LogEntryKind = 'forwarded' | 'rebuild';

interface Outgoing {
  partition: number;
  data: string;
  msgID: string;
  kind?: LogEntryKind;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

/** The subject of one partition. */
export const partitionSubject = (partition: number, prefix = SAMPLE_SUBJECT_PREFIX): string => `${prefix}.${partition}`;

/**
 * The durable, partitioned sample log: one JetStream stream, one subject per partition, a message per sample with its
 * identity as `Nats-Msg-Id`. A work-queue stream: a message leaves once the partition's consumer acknowledged it.
 * KPI workers write to it too (`SampleRelay`): samples forwarded to the partition their signal moved to, and rebuild
 * requests, each marked by its `LOG_ENTRY_HEADER`.
 */
export class JetStreamSampleLog implements SampleRelay {
  private constructor(
    private readonly js: JetStreamClient,
    readonly stream: string,
    readonly subjectPrefix: string,
    /** The stream's duplicate window, as declared: an exact repeat appended within it is dropped. */
    readonly duplicateWindowMs: number,
  ) {}

  static async open(nc: NatsConnection, options: SampleLogOptions = {}): Promise<JetStreamSampleLog> {
    const stream = options.stream ?? DEFAULT_SAMPLE_STREAM;
    await declareSampleStream(await nc.jetstreamManager(), stream, options);
    return new JetStreamSampleLog(
      nc.jetstream(),
      stream,
      options.subjectPrefix ?? SAMPLE_SUBJECT_PREFIX,
      options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    );
  }

  /** Resolves once JetStream acknowledged every sample (stored on a quorum of its replicas). */
  async append(samples: readonly LoggedSample[], partitionOf: (sample: LoggedSample) => number): Promise<AppendResult> {
    const duplicate = await this.publish(
      samples.map((s) => ({ partition: partitionOf(s), data: encodeSample(s), msgID: sampleMessageId(s) })),
    );
    const duplicates = duplicate.filter(Boolean).length;
    return { stored: samples.length - duplicates, duplicates, duplicate };
  }

  async forward(samples: readonly LoggedSample[], partitionOf: (sample: LoggedSample) => number): Promise<void> {
    await this.publish(
      samples.map((s) => {
        const partition = partitionOf(s);
        return { partition, data: encodeSample(s), msgID: forwardedMessageId(s, partition), kind: 'forwarded' };
      }),
    );
  }

  async requestRebuild(markers: readonly RebuildMarker[]): Promise<void> {
    await this.publish(
      markers.map((m) => ({
        partition: m.partition,
        data: encodeRebuild(m),
        msgID: rebuildMessageId(m),
        kind: 'rebuild',
      })),
    );
  }

  /** Per message, in input order: whether the stream already had it (same id within the duplicate window). */
  private async publish(messages: readonly Outgoing[]): Promise<boolean[]> {
    const acks: Promise<PubAck>[] = [];
    for (const m of messages) {
      let kind: MsgHdrs | undefined;
      if (m.kind) {
        kind = headers();
        kind.set(LOG_ENTRY_HEADER, m.kind);
      }
      acks.push(
        this.js.publish(partitionSubject(m.partition, this.subjectPrefix), m.data, {
          msgID: m.msgID,
          headers: kind,
          expect: { streamName: this.stream },
        }),
      );
    }
    return (await Promise.all(acks)).map((ack) => ack.duplicate);
  }
}

/** The log's stream as every intake and worker declares it: a start with other settings brings it to them. */
function declareSampleStream(jsm: JetStreamManager, name: string, options: SampleLogOptions): Promise<StreamInfo> {
  return declareStream(jsm, {
    name,
    subjects: [`${options.subjectPrefix ?? SAMPLE_SUBJECT_PREFIX}.*`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: options.replicas ?? 1,
    duplicate_window: nanos(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
  });
}
