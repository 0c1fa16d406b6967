import type { KpiForecastView } from '../forecast-provider.port';

/** Day ends of the path announced with `forecast.updated`: today, tomorrow, and one more if a day's runs fail. */
const BAND_POINTS = 3;

/** What `forecast.updated` announces of each forecast with a period end. */
export function projectedPeriodEnds(forecasts: readonly KpiForecastView[]) {
  return forecasts.flatMap((v) =>
    v.periodEnd
      ? [
          {
            kpiId: v.kpiId,
            periodKey: v.periodEnd.periodKey,
            expected: v.periodEnd.expected,
            probability: v.periodEnd.probabilityOfMeetingTarget,
            // ingestion judges arriving values against the path's 95 % band: the next few day ends are all it
            // reads before the next day's forecast, and they keep the event small for any period length
            band: v.points.slice(0, BAND_POINTS).map(({ time, lower95, upper95 }) => ({ time, lower95, upper95 })),
          },
        ]
      : [],
  );
}
