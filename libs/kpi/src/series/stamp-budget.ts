/** What the budget needs of a fine bucket (a RingBucket; an interface here, so the two files need not import each other). */
export interface BudgetedBucket {
  readonly index: number;
  /** Index for which the budget holds the bucket in its queue (NaN: not queued). */
  queuedIndex: number;
  /** Gives up every stamp but the newest; returns how many were released. */
  thin(): number;
}

/**
 * Bounds the raw sample timestamps (and values) the fine buckets of one engine keep for duplicate detection and
 * exact joins of late samples. Without a bound they grow with rate × retention (at 10,000 samples/s and 6 h,
 * about 3.5 GB); with it, the oldest buckets give their stamps up first, across all signals, and keep their
 * summaries and their newest sample (see RingBucket.thin), so windows and in-order data stay exact. Only a late
 * sample landing among stamps already given up is accepted unchecked (like one older than the fine horizon).
 */
export class StampBudget {
  private kept = 0;
  /** Buckets holding stamps, in the order they got their first one, with the index they had then. */
  private readonly queue: Array<{ bucket: BudgetedBucket; index: number } | undefined> = [];
  private head = 0;

  constructor(readonly limit: number) {}

  /** Stamps held now (for tests and stats). */
  get size(): number {
    return this.kept;
  }

  /** A bucket took a stamp. It joins the queue unless it is there already for its current index. */
  added(bucket: BudgetedBucket): void {
    if (bucket.queuedIndex !== bucket.index) {
      bucket.queuedIndex = bucket.index;
      this.queue.push({ bucket, index: bucket.index });
    }
    if (++this.kept > this.limit) this.release();
  }

  /** A bucket is recycled for a newer index: its stamps go with it. */
  dropped(count: number): void {
    this.kept -= count;
  }

  /** Thins the oldest buckets down to 90 % of the limit, so releases come in batches rather than per sample. */
  private release(): void {
    const target = Math.floor(this.limit * 0.9);
    while (this.kept > target && this.head < this.queue.length) {
      const entry = this.queue[this.head];
      this.queue[this.head++] = undefined;
      // A bucket recycled since then has its own, newer entry further on; a thinned one that takes more stamps
      // (the bucket being filled) queues again at the back.
      if (entry && entry.bucket.index === entry.index) {
        entry.bucket.queuedIndex = Number.NaN;
        this.kept -= entry.bucket.thin();
      }
    }
    if (this.head > 1_024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
