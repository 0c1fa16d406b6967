import type { CommentaryKey, NewPeriodCommentary, PeriodCommentary } from '@bsc/persistence';

export type CommentaryRecord = PeriodCommentary;
export type { CommentaryKey };

/** Versioned period commentary; persistence's PeriodCommentaryRepository satisfies it. */
export interface CommentaryStore {
  append(input: NewPeriodCommentary): Promise<CommentaryRecord>;
  latest(keys: readonly CommentaryKey[], knownAt?: number): Promise<CommentaryRecord[]>;
  versions(key: CommentaryKey): Promise<CommentaryRecord[]>;
}

export const COMMENTARY_STORE = Symbol('COMMENTARY_STORE');
