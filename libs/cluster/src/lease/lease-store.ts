/** A lease entry as the store holds it: the holder's id and the revision that fences it. */
export interface LeaseEntry {
  holder: string;
  revision: number;
}

/**
 * Where leases live. Every write is a compare-and-set on the entry's revision, and entries vanish on their own
 * `ttlMs` after their last write: a holder that stops renewing loses its lease without anyone deleting it.
 */
export interface LeaseStore {
  /** How long an entry lives after its last write, as the store enforces it. */
  readonly ttlMs: number;
  /** Writes the entry only if the key is free; throws {@link LeaseConflictError} otherwise. Returns the revision. */
  create(key: string, holder: string): Promise<number>;
  /** Rewrites the entry only if it is still at `revision`; throws {@link LeaseConflictError} otherwise. */
  update(key: string, holder: string, revision: number): Promise<number>;
  get(key: string): Promise<LeaseEntry | null>;
  /** Deletes the entry only if it is still at `revision` (a stale holder never frees a successor's lease). */
  delete(key: string, revision: number): Promise<void>;
  /** Live keys starting with `prefix`. */
  keys(prefix: string): Promise<string[]>;
}

/** The compare-and-set failed: someone else holds the key, or it moved past the revision we knew. */
export class LeaseConflictError extends Error {
  constructor(readonly key: string) {
    super(`lease ${key} is held by someone else`);
    this.name = 'LeaseConflictError';
  }
}
