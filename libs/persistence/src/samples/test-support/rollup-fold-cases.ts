import type { DataSource } from 'typeorm';
import { SampleRepository } from '../sample.repository';
import { MinuteRollupsFromSamples1800600000000 } from '../../migrations/1800600000000-MinuteRollupsFromSamples';
import { revertThrough } from '../../testing/revert-migrations';
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

// 22:59 to 00:02 in 5 buckets of 13 minutes, from the minute rollups: 5, 1, 7 in the first, -2, 4, 3 in the last
const MINUTES = [
  { start: s(3_540), firstTs: s(3_599), first: 5, min: 1, max: 7, lastTs: s(3_659), last: 7, count: 3 },
  { start: s(6_660), firstTs: s(7_199), first: -2, min: -2, max: 4, lastTs: s(7_260), last: 3, count: 3 },
];

/** The fold of stored samples into minutes, hours and days, on either database: `open` gives an empty, migrated database. */
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
  const minutely = async () => (await sut.history('f', s(3_540), s(7_320), 5)).buckets;

  it('writes no rollup row per sample; minute, hour and day reads are the same before, during and after the fold', async () => {
    await sut.insertNew(EDGE_SAMPLES);

    expect(await storedRollups(dataSource, 'f')).toEqual([]);
    expect(await hourly()).toEqual(HOURS);
    expect(await daily()).toEqual(DAYS);
    expect(await minutely()).toEqual(MINUTES);
    // folded up to 23:01: minutes 22:59 (5) and 23:00 (1, 7), hour H+1h is its row (1, 7) and -2 @7,199 s beside it
    await sut.foldRollups(s(3_660));
    expect((await storedRollups(dataSource, 'f')).map((r) => [r.width, r.start, r.count])).toEqual([
      [60_000, s(3_540), 1],
      [60_000, s(3_600), 2],
      [HOUR_MS, H, 1],
      [HOUR_MS, s(3_600), 2],
      [DAY_MS, DAY, 3],
    ]);
    expect(await minutely()).toEqual(MINUTES);
    expect(await hourly()).toEqual(HOURS);
    expect(await daily()).toEqual(DAYS);
    await sut.foldRollups(FOLD_ALL);
    expect(await minutely()).toEqual(MINUTES);
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

  it('folds a backlog of months in chunks, skipping the stretch without samples, as one fold would', async () => {
    // 'k': 2 @H + 10 s; 40 days later 6 @+30 s and 1 @+2 h 30 s (two hours, one day); nothing between
    const later = H + 40 * DAY_MS;
    await sut.insertNew([
      aSample({ signalId: 'k', ts: s(10), value: 2 }),
      aSample({ signalId: 'k', ts: later + 30_000, value: 6 }),
      aSample({ signalId: 'k', ts: later + 7_230_000, value: 1 }),
    ]);

    expect(await sut.foldRollups(later + DAY_MS)).toEqual({ from: 0, to: later + DAY_MS });

    const rows = (await storedRollups(dataSource, 'k')).map((r) => [r.width, r.start, r.count, r.sum]);
    // later is 22:00 UTC as H is: its day starts 22 h before, and +2 h is the next day
    const laterDay = DAY + 40 * DAY_MS;
    expect(rows).toEqual([
      [60_000, H, 1, 2],
      [60_000, later, 1, 6],
      [60_000, later + 7_200_000, 1, 1],
      [HOUR_MS, H, 1, 2],
      [HOUR_MS, later, 1, 6],
      [HOUR_MS, later + 7_200_000, 1, 1],
      [DAY_MS, DAY, 1, 2],
      [DAY_MS, laterDay, 1, 6],
      [DAY_MS, laterDay + DAY_MS, 1, 1],
    ]);
  });

  it('migrates minute rows the write path kept: the unfolded ones go, reads stay, the fold writes them again', async () => {
    await sut.insertNew(EDGE_SAMPLES);
    await sut.foldRollups(s(3_660));
    const folded = await storedRollups(dataSource, 'f');
    // before the migration every sample had its minute row: the three minutes from 23:01 on come back
    await revertThrough(dataSource, MinuteRollupsFromSamples1800600000000);
    const minutes = async () =>
      (await storedRollups(dataSource, 'f')).filter((r) => r.width === 60_000).map((r) => [r.start, r.first]);
    expect(await minutes()).toEqual([
      [s(3_540), 5],
      [s(3_600), 1],
      [s(7_140), -2],
      [s(7_200), 4],
      [s(7_260), 3],
    ]);

    await dataSource.runMigrations({ transaction: 'each' });

    expect(await storedRollups(dataSource, 'f')).toEqual(folded);
    expect(await minutely()).toEqual(MINUTES);
    expect(await hourly()).toEqual(HOURS);
    await sut.foldRollups(FOLD_ALL);
    expect(await minutes()).toHaveLength(5);
    expect(await daily()).toEqual(DAYS);
  });

  it('folds up to the minute before a watermark asked inside a minute: a sample after it is counted once', async () => {
    await sut.insertNew([aSample({ signalId: 'm', ts: s(10), value: 4 })]);

    // 30 s into minute H: only the minutes before H are folded, none of them holds a sample
    expect(await sut.foldRollups(s(30))).toEqual({ from: 0, to: H });
    expect(await sut.foldedUpTo()).toBe(H);
    await sut.insertNew([aSample({ signalId: 'm', ts: s(40), value: 6 })]);
    await sut.foldRollups(FOLD_ALL);

    // minute H: 4 @10 s and 6 @40 s, once each
    const minute = (await storedRollups(dataSource, 'm')).filter((r) => r.width === 60_000);
    expect(minute.map((r) => [r.start, r.count, r.sum])).toEqual([[H, 2, 10]]);
  });
}
