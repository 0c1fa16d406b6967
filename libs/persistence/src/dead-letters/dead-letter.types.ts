/** What the pipeline hands over when a message cannot become samples (compatible with ingestion's DeadLetterInput). */
export interface NewDeadLetter {
  source: string;
  channel?: string | null;
  /** Stable reason code, e.g. invalid_json, unknown_topic, out_of_range. */
  reason: string;
  detail: string;
  /** The message as received; binary payloads are stored as raw bytes (read back as base64). */
  raw?: string | Uint8Array | null;
  signalId?: string | null;
  receivedAt?: number;
  /** See DeadLetter.originKey. */
  originKey?: string | null;
}

export interface DeadLetter {
  id: number;
  receivedAt: number;
  source: string;
  channel: string | null;
  reason: string;
  detail: string;
  payload: string | null;
  payloadEncoding: 'utf8' | 'base64';
  signalId: string | null;
  /**
   * Names the input when the same input can come again (a log entry delivered again because its acknowledgement was
   * lost after its letter was kept): a second letter with the key is not kept. Made by deadLetterOriginKey.
   */
  originKey?: string | null;
}

/**
 * The letters one caller may read: those bound to one of `signalIds`, and those bound to no signal that were received
 * on one of `channels` (a topic whose bindings are all the caller's). Which ones those are is the caller's policy.
 */
export interface DeadLetterVisibility {
  signalIds: readonly string[];
  channels: ReadonlyArray<{ source: string; channel: string }>;
}

export interface DeadLetterQuery {
  reason?: string;
  source?: string;
  /** Only the letters of this visibility; absent = every letter. */
  visibleTo?: DeadLetterVisibility;
  /** Only entries with id below this (paging backwards, newest first). */
  beforeId?: number;
  limit?: number;
}
