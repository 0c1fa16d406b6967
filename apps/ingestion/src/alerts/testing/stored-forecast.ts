import type { NewForecast } from '@bsc/persistence';

/**
 * A November forecast of `quality` made at `computedAt`, as the API stores it: its path's 95 % band at each day end
 * (the path starts at the end of the day it was made).
 */
export function aStoredForecast(
  computedAt: number,
  band: Array<[time: number, lower95: number, upper95: number]>,
): NewForecast {
  const points = band.map(([time, lower95, upper95]) => {
    const mean = (lower95 + upper95) / 2;
    return { time, mean, lower80: mean, upper80: mean, lower95, upper95 };
  });
  const last = points[points.length - 1];
  return {
    kpiId: 'quality',
    computedAt,
    method: 'ets',
    horizon: points.length,
    periodKey: '2026-11',
    probability: 0.6,
    payload: {
      kpiId: 'quality',
      method: 'ets',
      computedAt,
      interval: 'day',
      points,
      periodEnd: {
        periodKey: '2026-11',
        target: 95,
        expected: last.mean,
        lower80: last.mean,
        upper80: last.mean,
        probabilityOfMeetingTarget: 0.6,
      },
    },
  };
}
