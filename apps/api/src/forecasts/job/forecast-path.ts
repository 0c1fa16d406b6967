import { floorAtZero, type PeriodEndProjection } from '@bsc/forecasting';
import type { ForecastPointView } from '../forecast-provider.port';

/**
 * Forecast points of the KPI's period-to-date value at the end of each remaining day, ending at the period-end
 * projection. The bands end exactly at the projection's 80/95 % intervals and open towards them in proportion to
 * the square root of the days forecast (independent daily errors): a drawing of the same distribution, in the
 * same units as the history. A KPI that cannot be negative has every point's mean and bounds floored at 0
 * (exact for the bounds, see floorAtZero).
 */
export function forecastPath(
  path: readonly number[],
  dayEnds: readonly number[],
  projection: PeriodEndProjection,
  nonNegative = false,
): ForecastPointView[] {
  const n = path.length;
  const { expected } = projection;
  return path.map((mean, i) => {
    const s = Math.sqrt((i + 1) / n);
    const point = [
      mean,
      mean - s * Math.max(0, expected - projection.lower80),
      mean + s * Math.max(0, projection.upper80 - expected),
      mean - s * Math.max(0, expected - projection.lower95),
      mean + s * Math.max(0, projection.upper95 - expected),
    ];
    const [m, lower80, upper80, lower95, upper95] = nonNegative ? floorAtZero(point) : point;
    return { time: dayEnds[i], mean: m, lower80, upper80, lower95, upper95 };
  });
}

/**
 * A path of point forecasts brought to the period-end expectation where they end short of it: a period's min or max
 * lies beyond the extreme of the daily forecast means (the days scatter around them), and its expectation says by
 * how much. The gap opens as the bands do, with the square root of the days forecast.
 */
export function pathToExpected(path: readonly number[], expected: number): number[] {
  const n = path.length;
  const gap = n > 0 ? expected - path[n - 1] : 0;
  return path.map((mean, i) => mean + gap * Math.sqrt((i + 1) / n));
}
