import type { KpiValue } from '@bsc/common';
import type { KpiValueRepository } from '../kpi-value.repository';

const DAY = 86_400_000;
const NOV_1 = Date.UTC(2026, 10, 1);

/** The daily value of `kpiId` for November `day` (1-based), computed on that day. */
function daily(kpiId: string, day: number, value: number | null): KpiValue {
  const periodStart = NOV_1 + (day - 1) * DAY;
  return {
    kpiId,
    periodKey: `2026-11-${String(day).padStart(2, '0')}`,
    periodStart,
    periodEnd: periodStart + DAY,
    value,
    asOf: periodStart + DAY - 1,
    computedAt: periodStart + DAY - 1,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  };
}

/**
 * `latestPeriods`, on any database: per KPI, of each of its `count` latest periods, the number it was closed with
 * (the newest revision with a number, by recorded_at then the one stored last, recorded no later than the next
 * period's first number nor stored after it in the same millisecond; the newest period's newest), oldest first, in KPI order; KPIs without values, and periods
 * with only nulls, are absent.
 */
export async function checkLatestPeriods(sut: KpiValueRepository): Promise<void> {
  // oee: Nov 1..5, with Nov 4 revised twice after Nov 5's first number and Nov 5 revised once, out of day order
  await sut.appendRevisions(
    [1, 2, 3, 4, 5].map((d) => daily('oee', d, d * 10)),
    1,
    1_000,
  );
  await sut.appendRevisions([daily('oee', 5, 51), daily('oee', 4, 41)], 1, 2_000);
  await sut.appendRevisions([daily('oee', 4, 42)], 1, 3_000);
  // scrap: Nov 8..11; Nov 10's newest revision is null (its newest number, 8, stands), Nov 11 has only a null
  await sut.appendRevisions([daily('scrap', 8, 6), daily('scrap', 9, 7), daily('scrap', 10, 8)], 1, 1_000);
  await sut.appendRevisions([daily('scrap', 10, null), daily('scrap', 11, null)], 1, 2_000);
  await sut.appendRevisions([daily('unasked', 1, 1)], 1, 1_000);
  // yield: Nov 1 revised before Nov 2's first number (the later revision closes it) and once more after it
  await sut.appendRevisions([daily('yield', 1, 10)], 1, 1_000);
  await sut.appendRevisions([daily('yield', 1, 11)], 1, 2_000);
  await sut.appendRevisions([daily('yield', 2, 20)], 1, 3_000);
  await sut.appendRevisions([daily('yield', 1, 12)], 1, 4_000);
  // press: Nov 1 at 10; then in one write (one millisecond) Nov 2's first number 20 and, after it, Nov 1's late 9
  await sut.appendRevisions([daily('press', 1, 10)], 1, 5_000);
  await sut.appendRevisions([daily('press', 2, 20), daily('press', 1, 9)], 1, 6_000);

  const latest = await sut.latestPeriods(['scrap', 'oee', 'energy', 'oee', 'yield', 'press'], 3);

  // oee's three latest periods are Nov 3, 4, 5: 30 (one revision), 40 (of 40 at 1000, 41 at 2000, 42 at 3000:
  // Nov 5's first number came at 1000), 51 (of 50, 51: the newest period, open);
  // scrap's are Nov 9, 10, 11: 7, 8 (of 8, null: Nov 11 has no number, so no bound), none for Nov 11 (Nov 8 is not
  // among them); yield's Nov 1 is 11 (of 10 at 1000, 11 at 2000, 12 at 4000: Nov 2's first number came at 3000);
  // press's Nov 1 is 10: the 9 has Nov 2's first number's time (6000) but was written after it
  expect(latest.map((v) => [v.kpiId, v.periodKey, v.value, v.recordedAt])).toEqual([
    ['oee', '2026-11-03', 30, 1_000],
    ['oee', '2026-11-04', 40, 1_000],
    ['oee', '2026-11-05', 51, 2_000],
    ['press', '2026-11-01', 10, 5_000],
    ['press', '2026-11-02', 20, 6_000],
    ['scrap', '2026-11-09', 7, 1_000],
    ['scrap', '2026-11-10', 8, 1_000],
    ['yield', '2026-11-01', 11, 2_000],
    ['yield', '2026-11-02', 20, 3_000],
  ]);
  await expect(sut.latestPeriods(['oee'], 0)).resolves.toEqual([]);
  await expect(sut.latestPeriods([], 3)).resolves.toEqual([]);
}
