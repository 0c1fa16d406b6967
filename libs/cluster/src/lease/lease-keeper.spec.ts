import { LeaseKeeper } from './lease-keeper';
import type { LeaseLossReason } from './lease-keeper';
import { MemoryLeaseStore } from './memory-lease-store';

const TTL = 3_000;

/** Records who holds what, and fails the test the moment two keepers hold the same name. */
class Holdings {
  readonly owner = new Map<string, string>();
  readonly log: string[] = [];
  overlaps = 0;

  handlers(holder: string) {
    return {
      onAcquired: (name: string) => {
        if (this.owner.has(name)) this.overlaps += 1;
        this.owner.set(name, holder);
        this.log.push(`${holder}+${name}`);
      },
      onLost: (name: string, reason: LeaseLossReason) => {
        if (this.owner.get(name) === holder) this.owner.delete(name);
        this.log.push(`${holder}-${name}:${reason}`);
      },
    };
  }

  /** A dead process holds nothing any more, though its entries live on until they expire. */
  forget(holder: string): void {
    for (const [name, owner] of [...this.owner]) if (owner === holder) this.owner.delete(name);
  }

  count(holder: string): number {
    return [...this.owner.values()].filter((h) => h === holder).length;
  }
}

describe(LeaseKeeper.name, () => {
  let store: MemoryLeaseStore;
  const keepers: LeaseKeeper[] = [];
  const keeper = (holder: string): LeaseKeeper => {
    const sut = new LeaseKeeper(store, { holder });
    keepers.push(sut);
    return sut;
  };
  /** A process that dies: its timers stop, nothing is released. */
  const freeze = (sut: LeaseKeeper): void => {
    (sut as unknown as { closed: boolean }).closed = true;
    clearTimeout((sut as unknown as { timer: ReturnType<typeof setTimeout> }).timer);
    for (const slot of (sut as unknown as { slots: { deadlineTimer?: ReturnType<typeof setTimeout> }[] }).slots) {
      clearTimeout(slot.deadlineTimer);
    }
  };

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000, doNotFake: ['setImmediate', 'nextTick'] });
    store = new MemoryLeaseStore(TTL);
  });

  afterEach(() => {
    for (const k of keepers.splice(0)) freeze(k);
    jest.useRealTimers();
  });

  it('gives a lease to one holder and keeps it there while it renews', async () => {
    const seen = new Holdings();
    keeper('a').hold('singleton', seen.handlers('a'));
    await jest.advanceTimersByTimeAsync(10);
    keeper('b').hold('singleton', seen.handlers('b'));

    await jest.advanceTimersByTimeAsync(10 * TTL);

    expect(seen.log).toEqual(['a+singleton']);
    expect(seen.overlaps).toBe(0);
  });

  it('hands the lease to the other holder once the first stops renewing, never both at once', async () => {
    const seen = new Holdings();
    const a = keeper('a');
    a.hold('singleton', seen.handlers('a'));
    await jest.advanceTimersByTimeAsync(10);
    keeper('b').hold('singleton', seen.handlers('b'));
    await jest.advanceTimersByTimeAsync(TTL);

    // a dies right after a renewal at t=TTL; its entry lives until TTL later
    const diedAt = Date.now();
    freeze(a);
    seen.forget('a');
    await jest.advanceTimersByTimeAsync(TTL - 1);
    expect(seen.log).toEqual(['a+singleton']);

    // b retries every TTL/3: it gets the lease within one round after the entry expired
    await jest.advanceTimersByTimeAsync(TTL / 3 + 1);
    expect(seen.owner.get('singleton')).toBe('b');
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual(TTL);
    expect(seen.overlaps).toBe(0);
  });

  it('reports the lease lost before its entry can expire when renewals fail', async () => {
    const seen = new Holdings();
    keeper('a').hold('singleton', seen.handlers('a'));
    await jest.advanceTimersByTimeAsync(10);
    const lastWrite = Date.now();
    jest.spyOn(store, 'update').mockRejectedValue(new Error('timeout'));

    await jest.advanceTimersByTimeAsync(TTL * 0.75 - 20);
    expect(seen.log).toEqual(['a+singleton']);
    await jest.advanceTimersByTimeAsync(20);

    // lost at 3/4 of the lease time after the last write that reached the store, a quarter before anyone else can
    expect(seen.log).toEqual(['a+singleton', 'a-singleton:expired']);
    expect(Date.now() - lastWrite).toBeLessThan(TTL);
  });

  it('reports `taken` when the store no longer has its revision', async () => {
    const seen = new Holdings();
    keeper('a').hold('singleton', seen.handlers('a'));
    await jest.advanceTimersByTimeAsync(10);
    const entry = await store.get('singleton');
    await store.delete('singleton', entry!.revision);
    await store.create('singleton', 'intruder');

    await jest.advanceTimersByTimeAsync(TTL / 3);

    expect(seen.log).toEqual(['a+singleton', 'a-singleton:taken']);
  });

  it('frees a released lease at once for the next holder', async () => {
    const seen = new Holdings();
    const handle = keeper('a').hold('singleton', seen.handlers('a'));
    await jest.advanceTimersByTimeAsync(10);
    keeper('b').hold('singleton', seen.handlers('b'));
    await jest.advanceTimersByTimeAsync(10);

    await handle.release();
    await jest.advanceTimersByTimeAsync(TTL / 3);

    expect(seen.log).toEqual(['a+singleton', 'a-singleton:released', 'b+singleton']);
  });

  it('balances a partition set: 16 over one, then two, then three keepers, then two again after a death', async () => {
    const seen = new Holdings();
    const partitions = Array.from({ length: 16 }, (_, i) => `partition.${i}`);
    keeper('a').contend(partitions, { balance: true, ...seen.handlers('a') });
    await jest.advanceTimersByTimeAsync(10);
    expect(seen.count('a')).toBe(16);

    keeper('b').contend(partitions, { balance: true, ...seen.handlers('b') });
    await jest.advanceTimersByTimeAsync(2 * TTL);
    expect([seen.count('a'), seen.count('b')]).toEqual([8, 8]);

    const c = keeper('c');
    c.contend(partitions, { balance: true, ...seen.handlers('c') });
    await jest.advanceTimersByTimeAsync(2 * TTL);
    // ceil(16 / 3) = 6 each at most; every partition owned
    expect([seen.count('a'), seen.count('b'), seen.count('c')].sort()).toEqual([4, 6, 6]);

    freeze(c);
    const lostWithC = seen.count('c');
    seen.forget('c');
    await jest.advanceTimersByTimeAsync(3 * TTL);

    expect(lostWithC).toBeGreaterThan(0);
    expect([seen.count('a'), seen.count('b')]).toEqual([8, 8]);
    expect(seen.overlaps).toBe(0);
  });

  it('a keeper joining a member that holds none of the set takes its share at once and sheds nothing', async () => {
    const seen = new Holdings();
    const partitions = Array.from({ length: 4 }, (_, i) => `partition.${i}`);
    // a is a member (another set of its, or its workers stepped back) but holds no partition: all four are free
    const a = keeper('a');
    a.contend([], { balance: true });
    await jest.advanceTimersByTimeAsync(10);

    keeper('b').contend(partitions, { balance: true, ...seen.handlers('b') });
    await jest.advanceTimersByTimeAsync(3 * TTL);

    // ceil(4 / 2) = 2, from its first round on: no partition taken and handed back
    expect(seen.log).toEqual(['b+partition.0', 'b+partition.1']);
  });
});
