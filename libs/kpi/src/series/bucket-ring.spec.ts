import { createTimeZone } from '../calendar/time-zone';
import { BucketRing } from './bucket-ring';

const MIN = 60_000;
const HOUR = 60 * MIN;
const lordHowe = createTimeZone('Australia/Lord_Howe');

/** Hour buckets on Lord Howe's local clock (summer +11:00, standard time +10:30). */
const localHours = (): BucketRing => new BucketRing(HOUR, lordHowe.hourAlignmentMs, 48, false, lordHowe);

/** The starts of the buckets holding `first` and the `count - 1` buckets after it. */
function edgesFrom(sut: BucketRing, first: number, count: number): number[] {
  const index = sut.indexOf(first);
  return Array.from({ length: count }, (_, i) => sut.startOf(index + i));
}

describe(`${BucketRing.name} on a clock that moves by half an hour`, () => {
  it('starts buckets on local hours in summer (UTC hh:00) and in standard time (UTC hh:30)', () => {
    const sut = localHours();
    // 15 January: +11:00, local 12:00 is 01:00Z
    expect(edgesFrom(sut, Date.UTC(2026, 0, 15, 1, 20), 2)).toEqual([
      Date.UTC(2026, 0, 15, 1),
      Date.UTC(2026, 0, 15, 2),
    ]);
    // 15 July: +10:30, local 12:00 is 01:30Z
    expect(edgesFrom(sut, Date.UTC(2026, 6, 15, 1, 40), 2)).toEqual([
      Date.UTC(2026, 6, 15, 1, 30),
      Date.UTC(2026, 6, 15, 2, 30),
    ]);
  });

  // 5 April 2026, 02:00 summer time (15:00Z) becomes 01:30 standard time
  it('gives the local hour 01:00 ninety minutes when the clocks go back', () => {
    const sut = localHours();
    expect(edgesFrom(sut, Date.UTC(2026, 3, 4, 13, 10), 4)).toEqual([
      Date.UTC(2026, 3, 4, 13), // 00:00 summer time
      Date.UTC(2026, 3, 4, 14), // 01:00 summer time
      Date.UTC(2026, 3, 4, 15, 30), // 02:00 standard time
      Date.UTC(2026, 3, 4, 16, 30), // 03:00
    ]);
    const hourOne = sut.indexOf(Date.UTC(2026, 3, 4, 14));
    // 01:59:59.999 summer time, the change (01:30 standard time) and 01:59:59.999 standard time: one bucket
    expect([15 * HOUR - 1, 15 * HOUR, 15.5 * HOUR - 1].map((t) => sut.indexOf(Date.UTC(2026, 3, 4) + t))).toEqual([
      hourOne,
      hourOne,
      hourOne,
    ]);
    expect(sut.indexOf(Date.UTC(2026, 3, 4, 15, 30))).toBe(hourOne + 1);
  });

  // 4 October 2026, 02:00 standard time (15:30Z) becomes 02:30 summer time
  it('gives the local hour 02:00 thirty minutes when the clocks go forward', () => {
    const sut = localHours();
    expect(edgesFrom(sut, Date.UTC(2026, 9, 3, 14, 40), 4)).toEqual([
      Date.UTC(2026, 9, 3, 14, 30), // 01:00 standard time
      Date.UTC(2026, 9, 3, 15, 30), // the change: 02:30 summer time (02:00-02:30 never shows)
      Date.UTC(2026, 9, 3, 16), // 03:00 summer time
      Date.UTC(2026, 9, 3, 17), // 04:00
    ]);
    const hourOne = sut.indexOf(Date.UTC(2026, 9, 3, 14, 30));
    expect(sut.indexOf(Date.UTC(2026, 9, 3, 15, 30) - 1)).toBe(hourOne);
    expect(sut.indexOf(Date.UTC(2026, 9, 3, 15, 30))).toBe(hourOne + 1);
    expect(sut.indexOf(Date.UTC(2026, 9, 3, 16) - 1)).toBe(hourOne + 1);
    expect(sut.indexOf(Date.UTC(2026, 9, 3, 16))).toBe(hourOne + 2);
  });

  it('keeps one alignment for zones whose clocks move by whole hours', () => {
    const berlin = createTimeZone('Europe/Berlin');
    const sut = new BucketRing(HOUR, berlin.hourAlignmentMs, 48);
    // 25 October 2026, 03:00 CEST (01:00Z) becomes 02:00 CET: every bucket is one real hour
    expect(edgesFrom(sut, Date.UTC(2026, 9, 25, 0, 10), 3)).toEqual([
      Date.UTC(2026, 9, 25, 0),
      Date.UTC(2026, 9, 25, 1),
      Date.UTC(2026, 9, 25, 2),
    ]);
  });
});

describe(`${BucketRing.name} before and after its first bucket`, () => {
  it('reads as empty before any bucket is taken', () => {
    const sut = new BucketRing(MIN, 0, 3);
    expect(sut.get(0)).toBeUndefined();
    expect(sut.firstUsableAfter(-100, -Infinity)).toBeUndefined();
    expect(sut.lastUsableBefore(100, Infinity)).toBeUndefined();
  });

  it('holds the capacity it was resized to before its first bucket', () => {
    const sut = new BucketRing(MIN, 0, 3);
    sut.resize(5);
    // indices 10..14 fill the five slots; 15 then takes the slot of 10 (15 mod 5 = 10 mod 5 = 0)
    for (let index = 10; index <= 14; index++) sut.bucketFor(index).add(index * MIN, index, 'good');
    expect([10, 11, 12, 13, 14].map((i) => sut.get(i)?.lastValue)).toEqual([10, 11, 12, 13, 14]);
    sut.bucketFor(15);
    expect(sut.get(10)).toBeUndefined();
    expect(sut.lowest).toBe(11);
    expect(() => sut.resize(6)).toThrow('cannot grow after data arrived');
  });
});

describe(`${BucketRing.name}.lastUsableBefore`, () => {
  /** A day of minute buckets whose slot reads are counted (the backward scan's work). */
  function countedMinuteRing(): { sut: BucketRing; reads: () => number; reset: () => void } {
    const sut = new BucketRing(MIN, 0, 1_440);
    sut.bucketFor(1_000); // the first bucket allocates the slots
    let reads = 0;
    const internals = sut as unknown as { slots: unknown[] };
    internals.slots = new Proxy(internals.slots, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { sut, reads: () => reads, reset: () => (reads = 0) };
  }

  it('stops at the oldest bucket that was ever taken instead of walking the whole ring', () => {
    const { sut, reads, reset } = countedMinuteRing();
    sut.bucketFor(1_000).add(1_000 * MIN + 5, 7, 'good');
    reset();
    // nothing before the start of bucket 1,000: only bucket 1,000 itself is read (the whole ring would be
    // 1,440 reads: buckets 1,000 down to 1,000 - 1,440 + 1 = -439)
    expect(sut.lastUsableBefore(1_000, 1_000 * MIN)).toBeUndefined();
    expect(reads()).toBe(1);
  });

  it('still finds an older usable bucket below the newest', () => {
    const { sut, reads, reset } = countedMinuteRing();
    sut.bucketFor(990).add(990 * MIN + 5, 3, 'good');
    sut.bucketFor(1_000).add(1_000 * MIN + 5, 7, 'good');
    reset();
    // bucket 1,000's sample is not before its own start: buckets 1,000 down to 990 are read (11), 990 is the answer
    expect(sut.lastUsableBefore(1_000, 1_000 * MIN)?.lastTs).toBe(990 * MIN + 5);
    expect(reads()).toBe(11);
  });
});
