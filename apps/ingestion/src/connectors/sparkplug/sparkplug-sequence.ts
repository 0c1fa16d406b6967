/**
 * The sequence numbers (0-255, wrapping) of one edge node since its birth, as Sparkplug 3.0 (5.9, Host Application
 * message ordering) has a host watch them: a message out of order opens a Reorder Timeout window in which the messages
 * it skipped may still arrive (a broker cluster may deliver QoS 0 out of order); a rebirth is due only once the window
 * elapses with some still missing. Messages are read as they arrive, not held: their samples carry their own times.
 */
export class SequenceWatch {
  private last: number | undefined;
  private readonly missing = new Set<number>();
  /** When the open window started (undefined: none open). */
  private since: number | undefined;
  private firstGap = '';

  constructor(private readonly timeoutMs: number) {}

  /** A new birth (the NBIRTH's seq 0), or none (undefined: after an NDEATH, or before a birth). */
  reset(seq: number | undefined): void {
    this.last = seq;
    this.missing.clear();
    this.since = undefined;
  }

  /** Takes a message's sequence number at `now`; returns why a rebirth is due, when it is. */
  take(seq: number, now: number): string | undefined {
    // no reordering explains a number Sparkplug never sends (nor could the window enumerate what it skipped)
    if (!Number.isInteger(seq) || seq < 0 || seq > 255) return `sequence number ${seq} outside 0-255`;
    const expected = this.last === undefined ? seq : (this.last + 1) % 256;
    if (seq === expected) {
      this.last = seq;
    } else if (!this.missing.delete(seq)) {
      // every number between the expected one and this one is missing (a repeated or older one: all the others)
      for (let s = expected; s !== seq; s = (s + 1) % 256) this.missing.add(s);
      this.last = seq;
      if (this.since === undefined) {
        this.since = now;
        this.firstGap = `expected ${expected}, got ${seq}`;
      }
    }
    if (this.missing.size === 0) this.since = undefined;
    return this.due(now);
  }

  /** When the open window elapses (undefined: none open). */
  deadline(): number | undefined {
    return this.since === undefined ? undefined : this.since + this.timeoutMs;
  }

  /** Why a rebirth is due at `now` (the window elapsed with messages missing); the window is then closed. */
  due(now: number): string | undefined {
    const deadline = this.deadline();
    if (deadline === undefined || now < deadline) return undefined;
    const waited =
      this.timeoutMs > 0 ? `; ${this.missing.size} message(s) still missing after ${this.timeoutMs} ms` : '';
    this.missing.clear();
    this.since = undefined;
    return `sequence gap: ${this.firstGap}${waited}`;
  }
}
