/** Binary min-heap of items by a numeric key (ties in any order). */
export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Smallest key, Infinity when empty. */
  peekKey(): number {
    return this.keys.length > 0 ? this.keys[0] : Infinity;
  }

  push(key: number, item: T): void {
    const keys = this.keys;
    const items = this.items;
    let i = keys.length;
    keys.push(key);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      items[i] = items[parent];
      i = parent;
    }
    keys[i] = key;
    items[i] = item;
  }

  /**
   * Keeps only the entries `keep` accepts, in O(n): for queues whose superseded entries are skipped when popped,
   * so they can be dropped before they pile up.
   */
  retain(keep: (key: number, item: T) => boolean): void {
    const entries = this.keys.map((key, i) => [key, this.items[i]] as const).filter(([key, item]) => keep(key, item));
    this.keys.length = 0;
    this.items.length = 0;
    for (const [key, item] of entries) this.push(key, item);
  }

  pop(): T | undefined {
    const keys = this.keys;
    const items = this.items;
    if (keys.length === 0) return undefined;
    const top = items[0];
    const lastKey = keys.pop() as number;
    const lastItem = items.pop() as T;
    const n = keys.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= lastKey) break;
      keys[i] = keys[child];
      items[i] = items[child];
      i = child;
    }
    keys[i] = lastKey;
    items[i] = lastItem;
    return top;
  }
}
