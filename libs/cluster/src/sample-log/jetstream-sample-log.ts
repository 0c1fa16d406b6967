import {
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type PubAck,
} from 'nats';
import { encodeSample, sampleMessageId, type LoggedSample } from './sample-codec';

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
}

const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
const NANOS_PER_MS = 1_000_000;

/** The subject of one partition. */
export const partitionSubject = (partition: number, prefix = SAMPLE_SUBJECT_PREFIX): string => `${prefix}.${partition}`;

/**
 * The durable, partitioned sample log: one JetStream stream, one subject per partition, a message per sample with its
 * identity as `Nats-Msg-Id`. A work-queue stream: a message leaves once the partition's consumer acknowledged it.
 */
export class JetStreamSampleLog {
  private constructor(
    private readonly js: JetStreamClient,
    readonly stream: string,
    readonly subjectPrefix: string,
  ) {}

  static async open(nc: NatsConnection, options: SampleLogOptions = {}): Promise<JetStreamSampleLog> {
    const stream = options.stream ?? DEFAULT_SAMPLE_STREAM;
    await ensureStream(await nc.jetstreamManager(), stream, options);
    return new JetStreamSampleLog(nc.jetstream(), stream, options.subjectPrefix ?? SAMPLE_SUBJECT_PREFIX);
  }

  /** Resolves once JetStream acknowledged every sample (stored on a quorum of its replicas). */
  async append(samples: readonly LoggedSample[], partitionOf: (sample: LoggedSample) => number): Promise<AppendResult> {
    const acks: Promise<PubAck>[] = [];
    for (const sample of samples) {
      const subject = partitionSubject(partitionOf(sample), this.subjectPrefix);
      acks.push(
        this.js.publish(subject, encodeSample(sample), {
          msgID: sampleMessageId(sample),
          expect: { streamName: this.stream },
        }),
      );
    }
    let duplicates = 0;
    for (const ack of await Promise.all(acks)) if (ack.duplicate) duplicates += 1;
    return { stored: samples.length - duplicates, duplicates };
  }
}

async function ensureStream(jsm: JetStreamManager, name: string, options: SampleLogOptions): Promise<void> {
  const config = {
    name,
    subjects: [`${options.subjectPrefix ?? SAMPLE_SUBJECT_PREFIX}.*`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: options.replicas ?? 1,
    duplicate_window: (options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS) * NANOS_PER_MS,
  };
  try {
    await jsm.streams.info(name);
  } catch {
    // another intake may create it at the same moment: an identical config is accepted twice
    await jsm.streams.add(config);
  }
}
