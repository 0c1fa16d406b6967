import type { DeadLetter, DeadLetterVisibility } from '@bsc/persistence';

export type DeadLetterRecord = DeadLetter;
export type { DeadLetterVisibility };

interface DeadLetterFilter {
  reason?: string;
  source?: string;
  /** Only these letters; absent = every letter. */
  visibleTo?: DeadLetterVisibility;
}

/** Messages and samples the ingestion pipeline rejected; persistence's DeadLetterRepository satisfies it. Newest first. */
export interface DeadLetterStore {
  list(query: DeadLetterFilter & { beforeId?: number; limit?: number }): Promise<DeadLetterRecord[]>;
  /** Dead letters matching the filter, over all pages. */
  count(query: DeadLetterFilter): Promise<number>;
  countsBySourceAndReason(
    visibleTo?: DeadLetterVisibility,
  ): Promise<Array<{ source: string; reason: string; count: number; lastAt: number }>>;
  /** The signals letters are bound to, and the (source, channel) of letters bound to none; each once. */
  origins(query: {
    reason?: string;
    source?: string;
  }): Promise<{ signalIds: string[]; channels: Array<{ source: string; channel: string }> }>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');
