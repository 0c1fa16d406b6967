import type { DeadLetter } from '@bsc/persistence';

export type DeadLetterRecord = DeadLetter;

/** Messages and samples the ingestion pipeline rejected; persistence's DeadLetterRepository satisfies it. Newest first. */
export interface DeadLetterStore {
  list(query: { reason?: string; source?: string; beforeId?: number; limit?: number }): Promise<DeadLetterRecord[]>;
  /** Dead letters matching the filter, over all pages. */
  count(query: { reason?: string; source?: string }): Promise<number>;
  countsBySourceAndReason(): Promise<Array<{ source: string; reason: string; count: number; lastAt: number }>>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');
