import type { RawSampleInput } from '@bsc/common';

export type { RawSampleInput } from '@bsc/common';

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
 * The one way into the pipeline for every connector. `submit` resolves once the accepted samples are durably
 * stored (so MQTT can acknowledge only then) and waits while the buffer is full (backpressure).
 */
export interface SampleIntake {
  submit(batch: readonly RawSampleInput[]): Promise<SubmitResult>;
  deadLetter(entry: DeadLetterInput): Promise<void>;
}

export const SAMPLE_INTAKE = Symbol('SAMPLE_INTAKE');
