/** What the budget needs of a fine bucket (a RingBucket; an interface here, so the two files need not import each other). */
export interface BudgetedBucket {
  readonly index: number;
  /** Index for which the budget holds the bucket in its queue (NaN: not queued). */
  queuedIndex: number;
  /** Where in the queue (counted from the first entry ever) the budget holds it for queuedIndex. */
  queuedAt: number;
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
  private readonly queue: Array<BudgetedBucket | undefined> = [];
  private readonly indices: number[] = [];
  private head = 0;
  /** Entries cut from the front of the queue so far (queuedAt counts them). */
  private cut = 0;

  constructor(readonly limit: number) {}

  /** Stamps held now (for tests and stats). */
  get size(): number {
    return this.kept;
  }

  /** A bucket took a stamp. It joins the queue unless it is there already for its current index. */
  added(bucket: BudgetedBucket): void {
    if (bucket.queuedIndex !== bucket.index) {
      bucket.queuedIndex = bucket.index;
      bucket.queuedAt = this.cut + this.queue.length;
      this.queue.push(bucket);
      this.indices.push(bucket.index);
    }
    if (++this.kept > this.limit) this.release();
  }

  /**
   * A bucket packed with its one stamp leaves the queue (thinning could release nothing of it), so the queue does
   * not keep the object alive; the stamp stays counted until its record is recycled.
   */
  forget(bucket: BudgetedBucket): void {
    if (bucket.queuedIndex !== bucket.index) return;
    const at = bucket.queuedAt - this.cut;
    if (at >= this.head && this.queue[at] === bucket) this.queue[at] = undefined;
    bucket.queuedIndex = Number.NaN;
  }

  /** A bucket is recycled for a newer index: its stamps go with it. */
  dropped(count: number): void {
    this.kept -= count;
  }

  /** Thins the oldest buckets down to 90 % of the limit, so releases come in batches rather than per sample. */
  private release(): void {
    const target = Math.floor(this.limit * 0.9);
    while (this.kept > target && this.head < this.queue.length) {
      const bucket = this.queue[this.head];
      const index = this.indices[this.head];
      this.queue[this.head++] = undefined;
      // A bucket recycled since then has its own, newer entry further on; a thinned one that takes more stamps
      // (the bucket being filled) queues again at the back.
      if (bucket && bucket.index === index) {
        bucket.queuedIndex = Number.NaN;
        this.kept -= bucket.thin();
      }
    }
    if (this.head > 1_024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.indices.splice(0, this.head);
      this.cut += this.head;
      this.head = 0;
    }
  }
}
