import type { PeriodEndProjection } from '@bsc/forecasting';
import type { ForecastPointView } from '../forecast-provider.port';

/**
 * Forecast points of the KPI's period-to-date value at the end of each remaining day, ending at the period-end
 * projection. The bands end exactly at the projection's 80/95 % intervals and open towards them in proportion to
 * the square root of the days forecast (independent daily errors): a drawing of the same distribution, in the
 * same units as the history.
 */
export function forecastPath(
  path: readonly number[],
  dayEnds: readonly number[],
  projection: PeriodEndProjection,
): ForecastPointView[] {
  const n = path.length;
  const { expected } = projection;
  return path.map((mean, i) => {
    const s = Math.sqrt((i + 1) / n);
    return {
      time: dayEnds[i],
      mean,
      lower80: mean - s * Math.max(0, expected - projection.lower80),
      upper80: mean + s * Math.max(0, projection.upper80 - expected),
      lower95: mean - s * Math.max(0, expected - projection.lower95),
      upper95: mean + s * Math.max(0, projection.upper95 - expected),
    };
  });
}
