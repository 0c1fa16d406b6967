import type { DataSource } from 'typeorm';
import { tableRef } from '../../data-source/sql-dialect';
import { SignalRollupEntity } from '../../entities/signal-rollup.entity';
import { SignalRollups1798200000000 } from '../../migrations/1798200000000-SignalRollups';
import { SampleRepository } from '../sample.repository';
import { revertThrough } from '../../testing/revert-migrations';
import { aSample } from '../../testing/sample.builder';

/** An hour boundary (1_700_000_000_000 rounded down to the hour), 22 h into its UTC day. */
export const H = 1_699_999_200_000;
export const DAY = 1_699_920_000_000;
/** A week after H: folding up to it folds every minute the cases write. */
export const FOLD_ALL = H + 7 * 86_400_000;
const s = (seconds: number): number => H + seconds * 1_000;

export interface StoredRollup {
  width: number;
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  firstTs: number;
  first: number;
  lastTs: number;
  last: number;
}

export async function storedRollups(dataSource: DataSource, signalId: string): Promise<StoredRollup[]> {
  const rows: Array<Record<string, string | number>> = await dataSource.query(
    `SELECT * FROM ${tableRef(dataSource, SignalRollupEntity)} WHERE signal_id = '${signalId}' ORDER BY width_ms, bucket_start`,
  );
  return rows.map((r) => ({
    width: Number(r.width_ms),
    start: Number(r.bucket_start),
    count: Number(r.sample_count),
    sum: Number(r.value_sum),
    min: Number(r.min_value),
    max: Number(r.max_value),
    firstTs: Number(r.first_ts),
    first: Number(r.first_value),
    lastTs: Number(r.last_ts),
    last: Number(r.last_value),
  }));
}

/**
 * The rollup cases both databases must pass: the same hand-worked figures on SQLite (unit) and PostgreSQL
 * (integration). `open` gives an empty, migrated database.
 */
export function describeRollupCases(open: () => Promise<DataSource>, close: (ds: DataSource) => Promise<void>): void {
  let dataSource: DataSource;
  let sut: SampleRepository;
  beforeEach(async () => {
    dataSource = await open();
    sut = new SampleRepository(dataSource);
  });
  afterEach(async () => {
    await close(dataSource);
  });

  it('folds new, late and early samples into minute, hour and day rollups; a re-delivery changes nothing', async () => {
    await sut.insertNew([
      aSample({ signalId: 'a', ts: s(10), value: 4 }),
      aSample({ signalId: 'a', ts: s(70), value: 2 }),
    ]);
    // after 70 s: one sample between (20 s), one before (5 s), a re-delivery of 70 s with another value, no number
    const second = [
      aSample({ signalId: 'a', ts: s(20), value: 6 }),
      aSample({ signalId: 'a', ts: s(70), value: 99 }),
      aSample({ signalId: 'a', ts: s(5), value: 8 }),
      aSample({ signalId: 'a', ts: s(30), value: NaN, quality: 'bad' }),
    ];

    const fresh = await sut.insertNew(second);

    expect(fresh).toEqual([second[0], second[2], second[3]]);
    await sut.foldRollups(FOLD_ALL);
    // minute H: 8 @5 s, 4 @10 s, 6 @20 s; minute H+60 s: 2 @70 s; hour and day: all four
    const all = { count: 4, sum: 20, min: 2, max: 8, firstTs: s(5), first: 8, lastTs: s(70), last: 2 };
    expect(await storedRollups(dataSource, 'a')).toEqual([
      { width: 60_000, start: H, count: 3, sum: 18, min: 4, max: 8, firstTs: s(5), first: 8, lastTs: s(20), last: 6 },
      {
        width: 60_000,
        start: s(60),
        count: 1,
        sum: 2,
        min: 2,
        max: 2,
        firstTs: s(70),
        first: 2,
        lastTs: s(70),
        last: 2,
      },
      { width: 3_600_000, start: H, ...all },
      { width: 86_400_000, start: DAY, ...all },
    ]);
  });

  it('counts each sample once when two batches into the same minute are written side by side', async () => {
    // the first batch repeats 20 s (the first of the two is kept); the second re-delivers 10 s with the same value
    const first = [
      aSample({ signalId: 'd', ts: s(10), value: 4 }),
      aSample({ signalId: 'd', ts: s(20), value: 6 }),
      aSample({ signalId: 'd', ts: s(20), value: 100 }),
    ];
    const second = [
      aSample({ signalId: 'd', ts: s(5), value: 8 }),
      aSample({ signalId: 'd', ts: s(30), value: 2 }),
      aSample({ signalId: 'd', ts: s(10), value: 4 }),
    ];

    const [a, b] = await Promise.all([sut.insertNew(first), sut.insertNew(second)]);

    // whichever wrote 10 s first returned it: together the two return each of 5, 10, 20 and 30 s once
    expect([...a, ...b].map((x) => x.ts).sort((x, y) => x - y)).toEqual([s(5), s(10), s(20), s(30)]);
    await sut.foldRollups(FOLD_ALL);
    // minute, hour and day H: 8 @5 s, 4 @10 s, 6 @20 s, 2 @30 s
    const all = { count: 4, sum: 20, min: 2, max: 8, firstTs: s(5), first: 8, lastTs: s(30), last: 2 };
    expect(await storedRollups(dataSource, 'd')).toEqual([
      { width: 60_000, start: H, ...all },
      { width: 3_600_000, start: H, ...all },
      { width: 86_400_000, start: DAY, ...all },
    ]);
    expect(await sut.count('d')).toBe(4);
  });

  it('merges a late batch into the minute the fold wrote: count, sum, min, max, first and last', async () => {
    await sut.insertNew([
      aSample({ signalId: 'e', ts: s(15), value: 3 }),
      aSample({ signalId: 'e', ts: s(40), value: 9 }),
    ]);
    await sut.foldRollups(s(60));
    await sut.insertNew([
      aSample({ signalId: 'e', ts: s(2), value: 5 }),
      aSample({ signalId: 'e', ts: s(59), value: -1 }),
    ]);

    // 5 @2 s, 3 @15 s, 9 @40 s, -1 @59 s: count 4, sum 16 (avg 4), min -1, max 9, first 5, last -1
    const minute = (await storedRollups(dataSource, 'e')).find((r) => r.width === 60_000);
    expect(minute).toEqual({
      width: 60_000,
      start: H,
      count: 4,
      sum: 16,
      min: -1,
      max: 9,
      firstTs: s(2),
      first: 5,
      lastTs: s(59),
      last: -1,
    });
    expect(minute!.sum / minute!.count).toBe(4);
  });

  it('folds a batch over more signals than one statement holds: every signal gets its three rows', async () => {
    // 7,000 signals x 3 widths = 21,000 rollup rows: above one statement's rows on either database
    const signals = Array.from({ length: 7_000 }, (_, i) => `w${i}`);
    await sut.insertNew(signals.map((id) => aSample({ signalId: id, ts: s(10), value: 3 })));
    await sut.insertNew(signals.map((id) => aSample({ signalId: id, ts: s(20), value: 1 })));
    await sut.foldRollups(FOLD_ALL);

    // per signal and width: 3 @10 s, 1 @20 s -> count 2, sum 4, min 1, max 3, first 3, last 1
    const both = { count: 2, sum: 4, min: 1, max: 3, firstTs: s(10), first: 3, lastTs: s(20), last: 1 };
    const [{ n }]: Array<{ n: string | number }> = await dataSource.query(
      `SELECT count(*) AS n FROM ${tableRef(dataSource, SignalRollupEntity)} WHERE sample_count = 2 AND value_sum = 4`,
    );
    expect(Number(n)).toBe(21_000);
    for (const id of ['w0', 'w6999'])
      expect(await storedRollups(dataSource, id)).toEqual([
        { width: 60_000, start: H, ...both },
        { width: 3_600_000, start: H, ...both },
        { width: 86_400_000, start: DAY, ...both },
      ]);
  }, 60_000);

  it('folds a batch written in several statements (7 samples: 4 + 2 + 1 on SQLite) once per bucket', async () => {
    await sut.insertNew([aSample({ signalId: 'q', ts: s(61), value: 10 })]);
    const batch = [
      [0, 3],
      [20, -4],
      [40, 7],
      [59, 1],
    ]
      .map(([sec, value]) => aSample({ signalId: 'p', ts: s(sec), value }))
      .concat([
        aSample({ signalId: 'q', ts: s(90), value: -2 }),
        aSample({ signalId: 'q', ts: s(61), value: 55 }), // a re-delivery: already stored with 10
        aSample({ signalId: 'q', ts: s(119), value: 6 }),
      ]);

    const fresh = await sut.insertNew(batch);

    expect(fresh).toHaveLength(6);
    await sut.foldRollups(FOLD_ALL);
    // p, minute/hour/day H: 3 @0 s, -4 @20 s, 7 @40 s, 1 @59 s: count 4, sum 3 - 4 + 7 + 1 = 7, min -4, max 7
    const p = { count: 4, sum: 7, min: -4, max: 7, firstTs: s(0), first: 3, lastTs: s(59), last: 1 };
    expect(await storedRollups(dataSource, 'p')).toEqual([
      { width: 60_000, start: H, ...p },
      { width: 3_600_000, start: H, ...p },
      { width: 86_400_000, start: DAY, ...p },
    ]);
    // q, minute H+60 s (and hour, day): 10 @61 s (first batch), -2 @90 s, 6 @119 s: count 3, sum 14, min -2, max 10
    const q = { count: 3, sum: 14, min: -2, max: 10, firstTs: s(61), first: 10, lastTs: s(119), last: 6 };
    expect(await storedRollups(dataSource, 'q')).toEqual([
      { width: 60_000, start: s(60), ...q },
      { width: 3_600_000, start: H, ...q },
      { width: 86_400_000, start: DAY, ...q },
    ]);
    expect(await sut.count('q')).toBe(3);
  });

  it('reads long ranges from the rollups with the ends from the raw samples, as grouping the raw samples would', async () => {
    await sut.insertNew(
      [
        [10, 100], // before `from`, in the same minute rollup as the first sample in range
        [30, 5],
        [90, 1],
        [150, 9],
        [210, 3],
        [270, 7],
        [300, -50], // at `to`, excluded
      ].map(([sec, value]) => aSample({ signalId: 'b', ts: s(sec), value })),
    );

    // 270 s in 2 points: 135 s > a minute, so minute rollups; grid from H, width ceil(300 s / 2) -> 3 minutes
    const history = await sut.history('b', s(30), s(300), 2);

    expect(history.bucketMs).toBe(180_000);
    expect(history.rawCount).toBe(5);
    expect(history.buckets).toEqual([
      // 5 @30 s (raw head), 1 @90 s and 9 @150 s (minute rollups)
      { start: H, firstTs: s(30), first: 5, min: 1, max: 9, lastTs: s(150), last: 9, count: 3 },
      { start: s(180), firstTs: s(210), first: 3, min: 3, max: 7, lastTs: s(270), last: 7, count: 2 },
    ]);
  });

  it('takes a late sample into the history read from the rollups', async () => {
    await sut.insertNew([
      aSample({ signalId: 'c', ts: s(100), value: 10 }),
      aSample({ signalId: 'c', ts: s(7_000), value: 20 }),
    ]);
    await sut.insertNew([aSample({ signalId: 'c', ts: s(50), value: -3 })]);

    // two hours in one point: hourly rollups, one bucket of 2 h from H
    const history = await sut.history('c', H, s(7_200), 1);

    expect(history.buckets).toEqual([
      { start: H, firstTs: s(50), first: -3, min: -3, max: 20, lastTs: s(7_000), last: 20, count: 3 },
    ]);
  });

  it('fills the rollups from the stored samples when migrating, and the samples survive a revert', async () => {
    const samples = [
      [10, 4],
      [70, 2],
      [20, 6],
      [5, 8],
    ].map(([sec, value]) => aSample({ signalId: 'a', ts: s(sec), value }));
    await sut.insertNew(samples);
    await sut.foldRollups(FOLD_ALL);
    const kept = await storedRollups(dataSource, 'a');

    await revertThrough(dataSource, SignalRollups1798200000000);
    expect(await sut.count('a')).toBe(4);
    await dataSource.runMigrations({ transaction: 'each' });

    expect(await storedRollups(dataSource, 'a')).toEqual(kept);
    expect(kept[0]).toEqual({
      width: 60_000,
      start: H,
      count: 3,
      sum: 18,
      min: 4,
      max: 8,
      firstTs: s(5),
      first: 8,
      lastTs: s(20),
      last: 6,
    });
    expect(await sut.range('a', H, s(60))).toHaveLength(3);
  });
}
