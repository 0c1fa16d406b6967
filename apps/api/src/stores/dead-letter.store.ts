export interface DeadLetterRecord {
  id: number;
  receivedAt: number;
  source: string;
  channel: string | null;
  reason: string;
  detail: string;
  payload: string | null;
  payloadEncoding: 'utf8' | 'base64';
  signalId: string | null;
}

/** Messages and samples the ingestion pipeline rejected; persistence's DeadLetterRepository satisfies it. Newest first. */
export interface DeadLetterStore {
  list(query: { reason?: string; source?: string; beforeId?: number; limit?: number }): Promise<DeadLetterRecord[]>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');
