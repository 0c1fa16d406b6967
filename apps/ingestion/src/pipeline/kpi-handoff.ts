/**
 * Hands stored batches to the KPI side in the order their writes started, whatever order the writes finish in.
 * With one write at a time that is simply each batch after its write; with writes side by side
 * (`INGEST_WRITE_CONCURRENCY`) a batch whose write finished first waits for the ones started before it, so the KPI
 * engine sees samples in storage order (receipt order) and never takes a batch for late because an earlier write was
 * slower. A write that fails gives its place up (`skip`); its retry takes a new one. `schedule` decides when the
 * batches due are handed over (at once by default; see OverlappedDelivery).
 */
export class KpiHandoff<B> {
  /** The next place to hand over, and the places filled or given up beyond it (by place). */
  private next = 0;
  private reserved = 0;
  /** One past the highest place whose write has finished (filled or given up). */
  private settled = 0;
  private readonly ready = new Map<number, B | null>();
  /** Callers waiting until every place settled before they asked (and the places before it) is handed over. */
  private waiters: Array<{ upTo: number; resolve: () => void }> = [];
  private readonly drainDue = (): void => this.drain();

  constructor(
    private readonly deliver: (batch: B) => void,
    private readonly failed: (error: unknown) => void,
    private readonly schedule: (drain: () => void) => void = (drain) => drain(),
  ) {}

  /** A place for a write about to start. */
  reserve(): number {
    return this.reserved++;
  }

  /** The write at `place` stored `batch`: it and every filled place after it that is now due are handed over. */
  fill(place: number, batch: B): void {
    this.ready.set(place, batch);
    this.settled = Math.max(this.settled, place + 1);
    this.schedule(this.drainDue);
  }

  /** The write at `place` failed: nothing of it is handed over, and the places after it are not held back by it. */
  skip(place: number): void {
    this.ready.set(place, null);
    this.settled = Math.max(this.settled, place + 1);
    this.schedule(this.drainDue);
  }

  /**
   * Resolves once every place whose write has finished so far, and every place before those, has been handed over or
   * given up. A write started since (the next batch, begun before a finished write's callers hear of it) is not
   * waited for: a caller whose samples are written waits for their KPI step, not for the next write's.
   */
  caughtUp(): Promise<void> {
    const upTo = this.settled;
    if (this.next >= upTo) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }

  private drain(): void {
    while (this.ready.has(this.next)) {
      const batch = this.ready.get(this.next)!;
      this.ready.delete(this.next);
      this.next += 1;
      try {
        if (batch !== null) this.deliver(batch);
      } catch (error) {
        // the samples are stored; a KPI failure must not hold back the batches after it
        this.failed(error);
      }
    }
    if (this.waiters.length === 0) return;
    const due = this.waiters.filter((w) => w.upTo <= this.next);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.upTo > this.next);
    for (const waiter of due) waiter.resolve();
  }
}
