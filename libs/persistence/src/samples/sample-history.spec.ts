import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { aSample } from '../testing/sample.builder';
import { SampleRepository } from './sample.repository';

const T0 = 1_700_000_000_000;
/** Ten samples one second apart: 1..10 with a spike of 500 at the 4th (T0 + 3 s) and a dip of -7 at the 8th. */
const VALUES = [1, 2, 3, 500, 5, 6, 7, -7, 9, 10];
const samples = VALUES.map((value, i) => aSample({ ts: T0 + i * 1_000, value }));

describe('SampleRepository history', () => {
  let dataSource: DataSource;
  let sut: SampleRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new SampleRepository(dataSource);
    await sut.insertBatch(samples);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('returns the raw samples when there are at most maxPoints', async () => {
    const history = await sut.history('line1.speed', T0, T0 + 10_000, 10);

    expect(history).toEqual({
      rawCount: 10,
      bucketMs: null,
      points: VALUES.map((value, i) => ({ ts: T0 + i * 1_000, value })),
      buckets: [],
    });
  });

  it('groups 10 samples into 2 buckets of 5 s keeping first, min, max and last, so the spike and the dip survive', async () => {
    const history = await sut.history('line1.speed', T0, T0 + 10_000, 2);

    expect(history.bucketMs).toBe(5_000);
    expect(history.rawCount).toBe(10);
    expect(history.points).toEqual([]);
    expect(history.buckets).toEqual([
      // samples 1, 2, 3, 500, 5 at T0 .. T0 + 4 s
      { start: T0, firstTs: T0, first: 1, min: 1, max: 500, lastTs: T0 + 4_000, last: 5, count: 5 },
      // samples 6, 7, -7, 9, 10 at T0 + 5 s .. T0 + 9 s
      { start: T0 + 5_000, firstTs: T0 + 5_000, first: 6, min: -7, max: 10, lastTs: T0 + 9_000, last: 10, count: 5 },
    ]);
  });

  it('rounds the bucket width up and leaves empty buckets out', async () => {
    // 20 s in 3 buckets: ceil(20000 / 3) = 6667 ms each; [0, 6667) holds 1, 2, 3, 500, 5, 6, 7 (0 s .. 6 s),
    // [6667, 13334) holds -7, 9, 10 (7 s .. 9 s) and [13334, 20001) holds nothing
    const history = await sut.history('line1.speed', T0, T0 + 20_000, 3);

    expect(history.bucketMs).toBe(6_667);
    expect(history.buckets.map((b) => [b.start - T0, b.min, b.max, b.count])).toEqual([
      [0, 1, 500, 7],
      [6_667, -7, 10, 3],
    ]);
  });

  it('skips samples without a number and samples outside [from, to)', async () => {
    await sut.insertBatch([aSample({ ts: T0 + 500, value: Number.NaN, quality: 'bad' })]);

    const history = await sut.history('line1.speed', T0 + 1_000, T0 + 9_000, 2);

    // samples at T0 + 1 s .. T0 + 8 s in two 4 s buckets: 2, 3, 500, 5 and 6, 7, -7, 9
    expect(history.buckets.map((b) => [b.first, b.min, b.max, b.last, b.count])).toEqual([
      [2, 2, 500, 5, 4],
      [6, -7, 9, 9, 4],
    ]);
  });
});
