/**
 * Records the store refused for good and that have nowhere else to go (a dead letter that cannot be written).
 * Keeps the newest `bound` for inspection in memory and counts all of them; never retried.
 */
export class Quarantine<T> {
  private readonly items: T[] = [];
  private count = 0;

  constructor(readonly bound: number) {}

  add(item: T): void {
    this.count += 1;
    this.items.push(item);
    if (this.items.length > this.bound) this.items.shift();
  }

  /** How many were ever set aside (the held ones included). */
  get total(): number {
    return this.count;
  }

  held(): readonly T[] {
    return this.items;
  }
}
