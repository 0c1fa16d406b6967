/** Appends numbers to a growing Float64Array: a checkpoint is one flat array of doubles, no objects per entry. */
export class NumberWriter {
  private data: Float64Array;
  private n = 0;

  constructor(capacity = 1_024) {
    this.data = new Float64Array(Math.max(1, capacity));
  }

  push(x: number): void {
    if (this.n === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.n++] = x;
  }

  /** A length, then the numbers (ExactSum partials). */
  pushList(xs: readonly number[]): void {
    this.push(xs.length);
    for (const x of xs) this.push(x);
  }

  finish(): Float64Array {
    return this.data.slice(0, this.n);
  }

  get length(): number {
    return this.n;
  }
}

/** Reads what a NumberWriter wrote, in the same order; running past the end is a corrupt checkpoint. */
export class NumberReader {
  private at = 0;

  constructor(private readonly data: Float64Array) {}

  next(): number {
    if (this.at >= this.data.length) throw new RangeError('checkpoint ends early');
    return this.data[this.at++];
  }

  /** A count written by the writer: a non-negative integer. */
  count(): number {
    const n = this.next();
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`checkpoint count ${n} is not a count`);
    return n;
  }

  get done(): boolean {
    return this.at === this.data.length;
  }
}
