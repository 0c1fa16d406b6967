import { PackedBuckets, PACKED_PARTIALS } from './bucket-pack';
import { RingBucket } from './ring-bucket';

const gauge = { kind: 'gauge', maxHoldMs: Infinity } as const;
const T = 1_000 * 60_000;

/** Bucket 1,000 with a good 1.5 at +10 s, an uncertain 0.1 at +40 s and a bad sample at +50 s; stamps thinned. */
function closedBucket(): RingBucket {
  const b = new RingBucket();
  b.recycle(1_000);
  b.add(T + 10_000, 1.5, 'good', gauge);
  b.add(T + 40_000, 0.1, 'uncertain', gauge);
  b.add(T + 50_000, 0, 'bad', gauge);
  b.stamps.push(T + 50_000);
  b.values.push(Number.NaN);
  b.thinnedTo = T + 50_000;
  return b;
}

describe(PackedBuckets.name, () => {
  it('gives back every figure of a bucket it packed', () => {
    const sut = new PackedBuckets(4);
    const id = sut.allocate();
    sut.pack(id, closedBucket());
    const back = sut.unpack(id, new RingBucket());
    expect([back.index, back.count, back.uncertain, back.bad]).toEqual([1_000, 2, 1, 1]);
    expect([back.min, back.max, back.firstTs, back.firstValue]).toEqual([0.1, 1.5, T + 10_000, 1.5]);
    expect([back.lastTs, back.lastValue, back.lastQuality]).toEqual([T + 40_000, 0.1, 'uncertain']);
    // 1.5 + 0.1 and 1.5 held 30 s: the exact sums' rounded values
    expect([back.result('sum'), back.heldMs, back.result('avg')]).toEqual([1.6, 30_000, 0.8]);
    expect(back.held.value() + back.heldInt).toBe(45_000);
    expect([back.stamps, back.values, back.thinnedTo]).toEqual([[T + 50_000], [Number.NaN], T + 50_000]);
    expect(sut.count(id)).toBe(2);
    expect(sut.holdsSamples(id)).toBe(true);
  });

  it('refuses a bucket with more than one stamp or a sum of more partials than a record holds', () => {
    const many = closedBucket();
    many.stamps.push(T + 55_000);
    expect(PackedBuckets.fits(many)).toBe(false);
    const wide = new RingBucket();
    // no two of these share a bit: each stays a partial of its own (integers would go to the integer sum)
    for (const x of [1e200, 1e100, 0.5, 1e-100]) wide.add(T, x, 'good');
    expect(wide.sum.length).toBe(PACKED_PARTIALS + 1);
    expect(PackedBuckets.fits(wide)).toBe(false);
  });

  it('packs a bucket of readings with decimals: their exact squares stay within a record', () => {
    const bucket = new RingBucket();
    bucket.recycle(1_000);
    // added one by one, the exact squares of these readings would spread over four partials
    const readings = [23.7, 61.3, 5.9, 88.1, 42.4, 17.6, 99.9, 0.3, 54.2, 31.8, 76.5, 12.1];
    readings.forEach((v, i) => bucket.add(T + i * 1_000, v, 'good'));
    const before = (['sum', 'stddev'] as const).map((fn) => bucket.result(fn));
    expect(PackedBuckets.fits(bucket)).toBe(true);
    const sut = new PackedBuckets(4);
    const id = sut.allocate();
    sut.pack(id, bucket);
    const back = sut.unpack(id, new RingBucket());
    expect([back.result('sum'), back.result('stddev')]).toEqual(before);
  });

  it('reuses a released record and reports the stamp its bucket held', () => {
    const sut = new PackedBuckets(4);
    const first = sut.allocate();
    sut.pack(first, closedBucket());
    expect(sut.release(first)).toBe(1);
    expect(sut.allocate()).toBe(first);
    expect(sut.allocate()).toBe(first + 1);
  });
});
