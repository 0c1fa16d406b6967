import type { ForecastRepository } from '../forecast.repository';
import type { NewForecast } from '../forecast.types';

/** Today's start in the cases below; forecasts computed from it on are today's. */
export const LATEST_BEFORE_TODAY = Date.UTC(2026, 10, 22);
const H = 3_600_000;

function made(kpiId: string, hoursBeforeToday: number, tag: string, periodKey: string | null = '2026-11'): NewForecast {
  return {
    kpiId,
    computedAt: LATEST_BEFORE_TODAY - hoursBeforeToday * H,
    method: 'ets',
    horizon: 3,
    periodKey,
    probability: null,
    payload: { tag },
  };
}

/**
 * `latestBefore`, on any database: per KPI the newest forecast with a period end made strictly before the cutoff
 * (ties on the time: the one stored last), in KPI order; KPIs without one are absent.
 */
export async function checkLatestBefore(sut: ForecastRepository): Promise<void> {
  await sut.saveForecasts([
    made('oee', 30, 'oee two days ago'),
    made('oee', 14, 'oee yesterday, first of two at 10:00'),
    made('oee', 14, 'oee yesterday, second of two at 10:00'),
    made('oee', 0, 'oee today at midnight'),
    made('oee', -6, 'oee today at 06:00'),
    made('scrap', 20, 'scrap yesterday'),
    made('scrap', 2, 'scrap yesterday without a period end', null),
    made('energy', -1, 'energy only today'),
    made('unasked', 10, 'unasked yesterday'),
  ]);

  const latest = await sut.latestBefore<{ tag: string }>(
    ['scrap', 'oee', 'energy', 'oee', 'unknown'],
    LATEST_BEFORE_TODAY,
  );

  expect(latest.map((f) => [f.kpiId, f.computedAt, f.periodKey, f.payload.tag])).toEqual([
    ['oee', LATEST_BEFORE_TODAY - 14 * H, '2026-11', 'oee yesterday, second of two at 10:00'],
    ['scrap', LATEST_BEFORE_TODAY - 20 * H, '2026-11', 'scrap yesterday'],
  ]);
}
