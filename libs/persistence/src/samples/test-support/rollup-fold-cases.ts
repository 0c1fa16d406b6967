import type { DataSource } from 'typeorm';
import { SampleRepository } from '../sample.repository';
import { foldStatement } from '../sample-rollup-fold';
import { aSample } from '../../testing/sample.builder';
import { DAY, FOLD_ALL, H, storedRollups } from './rollup-cases';

const s = (seconds: number): number => H + seconds * 1_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Samples of 'f' across a minute, an hour and a day edge (H is 22:00, so s(7_200) is the next UTC day):
 * hour H: 5 @3,599 s; hour H+1h: 1 @3,600 s, 7 @3,659 s, -2 @7,199 s; hour H+2h (next day): 4 @7,200 s, 3 @7,260 s.
 */
const EDGE_SAMPLES = [
  [3_599, 5],
  [3_600, 1],
  [3_659, 7],
  [7_199, -2],
  [7_200, 4],
  [7_260, 3],
].map(([sec, value]) => aSample({ signalId: 'f', ts: s(sec), value }));

// hour H+1h: count 3, sum 1 + 7 - 2 = 6, min -2, max 7, first 1 @3,600 s, last -2 @7,199 s
const HOURS = [
  { start: H, firstTs: s(3_599), first: 5, min: 5, max: 5, lastTs: s(3_599), last: 5, count: 1 },
  { start: s(3_600), firstTs: s(3_600), first: 1, min: -2, max: 7, lastTs: s(7_199), last: -2, count: 3 },
  { start: s(7_200), firstTs: s(7_200), first: 4, min: 3, max: 4, lastTs: s(7_260), last: 3, count: 2 },
];
// day DAY: 5, 1, 7, -2 (count 4, min -2, max 7, first 5 @3,599 s, last -2 @7,199 s); the next day: 4, 3
const DAYS = [
  { start: DAY, firstTs: s(3_599), first: 5, min: -2, max: 7, lastTs: s(7_199), last: -2, count: 4 },
  { start: DAY + DAY_MS, firstTs: s(7_200), first: 4, min: 3, max: 4, lastTs: s(7_260), last: 3, count: 2 },
];

/** The fold of minute rollups into hours and days, on either database: `open` gives an empty, migrated database. */
export function describeRollupFoldCases(
  open: () => Promise<DataSource>,
  close: (ds: DataSource) => Promise<void>,
): void {
  let dataSource: DataSource;
  let sut: SampleRepository;
  beforeEach(async () => {
    dataSource = await open();
    sut = new SampleRepository(dataSource);
  });
  afterEach(async () => {
    await close(dataSource);
  });

  const hourly = async () => (await sut.history('f', H, s(10_800), 3)).buckets;
  const daily = async () => (await sut.history('f', DAY, DAY + 2 * DAY_MS, 2)).buckets;

  it('upserts only minute rows per sample; hour and day reads are the same before, during and after the fold', async () => {
    await sut.insertNew(EDGE_SAMPLES);

    expect((await storedRollups(dataSource, 'f')).map((r) => r.width)).toEqual(new Array(5).fill(60_000));
    expect(await hourly()).toEqual(HOURS);
    expect(await daily()).toEqual(DAYS);
    // folded up to 23:01: hour H+1h is its row (1, 7) and the minute row of -2 @7,199 s beside it
    await sut.foldRollups(s(3_660));
    expect(await hourly()).toEqual(HOURS);
    expect(await daily()).toEqual(DAYS);
    await sut.foldRollups(FOLD_ALL);
    expect(await hourly()).toEqual(HOURS);
    expect(await daily()).toEqual(DAYS);
    const hours = (await storedRollups(dataSource, 'f')).filter((r) => r.width === HOUR_MS);
    expect(hours.map((r) => [r.start, r.count, r.sum])).toEqual([
      [H, 1, 5],
      [s(3_600), 3, 6],
      [s(7_200), 2, 7],
    ]);
  });

  it('upserts the hour and day of a late sample into a folded hour itself, and a later fold leaves them', async () => {
    await sut.insertNew(EDGE_SAMPLES);
    await sut.foldRollups(s(7_200));

    await sut.insertNew([aSample({ signalId: 'f', ts: s(1_800), value: 10 })]);

    // hour H: 10 @1,800 s, 5 @3,599 s: count 2, sum 15, min 5, max 10, first 10, last 5
    const hourH = { count: 2, sum: 15, min: 5, max: 10, firstTs: s(1_800), first: 10, lastTs: s(3_599), last: 5 };
    // day DAY: 10, 5, 1, 7, -2: count 5, sum 21, min -2, max 10, first 10 @1,800 s, last -2 @7,199 s
    const day = { count: 5, sum: 21, min: -2, max: 10, firstTs: s(1_800), first: 10, lastTs: s(7_199), last: -2 };
    const stored = async () => (await storedRollups(dataSource, 'f')).filter((r) => r.width > 60_000);
    expect((await stored()).filter((r) => r.start === H)).toEqual([{ width: HOUR_MS, start: H, ...hourH }]);
    expect((await stored()).filter((r) => r.width === DAY_MS)).toEqual([{ width: DAY_MS, start: DAY, ...day }]);
    await sut.foldRollups(FOLD_ALL);
    expect((await stored()).filter((r) => r.start === H)).toEqual([{ width: HOUR_MS, start: H, ...hourH }]);
    expect((await daily())[0]).toEqual({
      start: DAY,
      firstTs: s(1_800),
      first: 10,
      min: -2,
      max: 10,
      lastTs: s(7_199),
      last: -2,
      count: 5,
    });
  });

  it('folds once whatever crashes between the insert and the fold, and however often the fold runs', async () => {
    await sut.insertNew(EDGE_SAMPLES);
    // a fold cut short: its statement ran, its transaction never committed
    await expect(
      dataSource.transaction(async (manager) => {
        const { sql, params } = foldStatement(dataSource, 0, FOLD_ALL);
        await manager.query(sql, params);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    const restarted = new SampleRepository(dataSource);

    await restarted.foldRollups(FOLD_ALL);
    const once = await storedRollups(dataSource, 'f');
    expect(await restarted.foldRollups(FOLD_ALL)).toEqual({ from: FOLD_ALL, to: FOLD_ALL });

    expect(await storedRollups(dataSource, 'f')).toEqual(once);
    // days: 5 + 1 + 7 - 2 = 11 over 4 samples, 4 + 3 = 7 over 2
    expect(once.filter((r) => r.width === DAY_MS).map((r) => [r.start, r.count, r.sum])).toEqual([
      [DAY, 4, 11],
      [DAY + DAY_MS, 2, 7],
    ]);
  });

  it('counts a re-delivered sample once, before and after its minute is folded', async () => {
    await sut.insertNew([
      aSample({ signalId: 'g', ts: s(10), value: 4 }),
      aSample({ signalId: 'g', ts: s(70), value: 2 }),
    ]);
    expect(await sut.insertNew([aSample({ signalId: 'g', ts: s(10), value: 4 })])).toEqual([]);
    await sut.foldRollups(s(3_600));

    // 70 s again (another value) and 20 s new, both in folded minutes: only 20 s reaches the hour and day
    const fresh = await sut.insertNew([
      aSample({ signalId: 'g', ts: s(70), value: 99 }),
      aSample({ signalId: 'g', ts: s(20), value: 6 }),
    ]);

    expect(fresh.map((x) => x.ts)).toEqual([s(20)]);
    // 4 @10 s, 6 @20 s, 2 @70 s: count 3, sum 12, min 2, max 6, first 4, last 2
    const all = { count: 3, sum: 12, min: 2, max: 6, firstTs: s(10), first: 4, lastTs: s(70), last: 2 };
    const coarse = (await storedRollups(dataSource, 'g')).filter((r) => r.width > 60_000);
    expect(coarse).toEqual([
      { width: HOUR_MS, start: H, ...all },
      { width: DAY_MS, start: DAY, ...all },
    ]);
  });
}
