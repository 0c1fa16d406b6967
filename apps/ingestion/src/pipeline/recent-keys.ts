/**
 * A bounded set of recently seen (signal, ts) keys: re-deliveries are recognised before they reach the database
 * or the KPI engine. Oldest keys are forgotten first; the database primary key keeps the durable guarantee.
 */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** True when the key was new (and is now remembered). */
  add(signalId: string, ts: number): boolean {
    const key = `${signalId}\u0000${ts}`;
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      // Set iterates in insertion order: the first key is the oldest.
      const oldest = this.keys.values().next().value as string;
      this.keys.delete(oldest);
    }
    return true;
  }

  forget(signalId: string, ts: number): void {
    this.keys.delete(`${signalId}\u0000${ts}`);
  }

  get size(): number {
    return this.keys.size;
  }
}
