import type { SampleQuality } from '@bsc/common';

/** A sample as a connector decoded it: bound to a signal, not yet validated or converted. */
export interface RawSampleInput {
  signalId: string;
  /** Epoch ms from the source (server timestamp, payload), or arrival time when the source has none. */
  ts: number;
  value: unknown;
  quality?: SampleQuality;
  /** e.g. "mqtt", "opcua:plant-north-opc", "sparkplug", "http", "csv", "simulator". */
  source: string;
  /**
   * When time travel counts the sample as known (stored as received_at); default: its receipt. Only simulated
   * history sets it (to its own ts): it stands for data a running platform would have received live.
   */
  knownAt?: number;
}

/** A message that could not be turned into samples, kept with its raw payload for inspection. */
export interface DeadLetterInput {
  source: string;
  /** Topic, node id, endpoint or file the message came from. */
  channel: string;
  /** Stable reason code, counted in metrics: invalid_json, unknown_topic, out_of_range, not_a_number, ... */
  reason: string;
  detail: string;
  raw: string | Buffer;
  signalId?: string;
  receivedAt?: number;
}

export interface SubmitResult {
  accepted: number;
  rejected: number;
  duplicates: number;
}

/**
 * The one way into the pipeline for every connector. `submit` resolves once the accepted samples are durably
 * stored (so MQTT can acknowledge only then) and waits while the buffer is full (backpressure).
 */
export interface SampleIntake {
  submit(batch: readonly RawSampleInput[]): Promise<SubmitResult>;
  deadLetter(entry: DeadLetterInput): Promise<void>;
}

export const SAMPLE_INTAKE = Symbol('SAMPLE_INTAKE');
