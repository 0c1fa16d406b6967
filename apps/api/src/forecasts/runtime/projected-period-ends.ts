import { judgedBand } from '@bsc/forecasting';
import type { KpiForecastView } from '../forecast-provider.port';

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
            // ingestion judges arriving values against the path's 95 % band
            band: judgedBand(v.points),
          },
        ]
      : [],
  );
}
