/** Slots a signal's window starts with. */
const FIRST_WINDOW = 8;

interface SignalWindow {
  /** Newest timestamp seen. */
  newest: number;
  /** The last `capacity` timestamps in arrival order (circular once full); grows up to `capacity`. */
  ring: Float64Array;
  next: number;
  size: number;
}

/**
 * Recently seen (signal, ts) pairs, so re-deliveries are recognised before they reach the database or the KPI
 * engine; the database primary key keeps the durable guarantee. Streams are mostly in order, so a timestamp newer
 * than the signal's newest is new without a lookup; only older ones scan the signal's short window of recent
 * timestamps. (A Set of string or number keys measured 1.5-4 µs per sample, too slow for the hot path.) A window
 * starts small and doubles as it fills: tens of thousands of signals do not each hold `capacity` slots up front.
 */
export class RecentKeys {
  private readonly windows = new Map<string, SignalWindow>();

  /** @param capacity timestamps remembered per signal */
  constructor(private readonly capacity: number) {}

  /** True when the pair was new (and is now remembered). */
  add(signalId: string, ts: number): boolean {
    let w = this.windows.get(signalId);
    if (!w)
      this.windows.set(
        signalId,
        (w = {
          newest: Number.NEGATIVE_INFINITY,
          ring: new Float64Array(Math.min(this.capacity, FIRST_WINDOW)),
          next: 0,
          size: 0,
        }),
      );
    if (ts <= w.newest && this.seen(w, ts)) return false;
    if (ts > w.newest) w.newest = ts;
    // until full the window has not wrapped: its slots 0..size-1 are in order and copy over as they are, and the
    // next one goes after them (filling the last slot turned `next` back to 0, the oldest)
    if (w.size === w.ring.length && w.size < this.capacity) {
      const grown = new Float64Array(Math.min(this.capacity, 2 * w.ring.length));
      grown.set(w.ring);
      w.ring = grown;
      w.next = w.size;
    }
    w.ring[w.next] = ts;
    w.next = (w.next + 1) % w.ring.length;
    if (w.size < w.ring.length) w.size += 1;
    return true;
  }

  /** Forgets a pair (e.g. its write failed, so its re-delivery must be accepted). */
  forget(signalId: string, ts: number): void {
    const w = this.windows.get(signalId);
    if (!w) return;
    // a pair is held once (add skips seen ones); the one just added, the usual case, is found without a scan
    const last = (w.next + w.ring.length - 1) % w.ring.length;
    if (w.ring[last] === ts) {
      w.ring[last] = Number.NaN;
      return;
    }
    for (let i = 0; i < w.size; i++)
      if (w.ring[i] === ts) {
        w.ring[i] = Number.NaN;
        return;
      }
  }

  private seen(w: SignalWindow, ts: number): boolean {
    for (let i = 0; i < w.size; i++) if (w.ring[i] === ts) return true;
    return false;
  }
}
