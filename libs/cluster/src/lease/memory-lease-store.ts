import { LeaseConflictError, type LeaseEntry, type LeaseStore } from './lease-store';

/** Answers asynchronously like a real store, so callers' interleavings are the same. */
const settle = <T>(body: () => T): Promise<T> => new Promise<T>((resolve) => resolve(body()));

interface Slot extends LeaseEntry {
  writtenAt: number;
}

/**
 * Leases in one process, with the same compare-and-set and expiry rules as the JetStream store. Time is read from
 * `Date.now()` so tests drive expiry with fake timers.
 */
export class MemoryLeaseStore implements LeaseStore {
  private readonly slots = new Map<string, Slot>();
  private revision = 0;

  constructor(readonly ttlMs: number) {}

  create(key: string, holder: string): Promise<number> {
    return settle(() => {
      if (this.live(key)) throw new LeaseConflictError(key);
      return this.write(key, holder);
    });
  }

  update(key: string, holder: string, revision: number): Promise<number> {
    return settle(() => {
      if (this.live(key)?.revision !== revision) throw new LeaseConflictError(key);
      return this.write(key, holder);
    });
  }

  get(key: string): Promise<LeaseEntry | null> {
    return settle(() => {
      const slot = this.live(key);
      return slot ? { holder: slot.holder, revision: slot.revision } : null;
    });
  }

  delete(key: string, revision: number): Promise<void> {
    return settle(() => {
      if (this.live(key)?.revision !== revision) throw new LeaseConflictError(key);
      this.slots.delete(key);
    });
  }

  keys(prefix: string): Promise<string[]> {
    return settle(() => [...this.slots.keys()].filter((key) => key.startsWith(prefix) && this.live(key)));
  }

  private live(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot && Date.now() - slot.writtenAt >= this.ttlMs) {
      this.slots.delete(key);
      return undefined;
    }
    return slot;
  }

  private write(key: string, holder: string): number {
    this.revision += 1;
    this.slots.set(key, { holder, revision: this.revision, writtenAt: Date.now() });
    return this.revision;
  }
}
