import { judgedBand, type ForecastBandPoint } from '@bsc/forecasting';
import { FiscalCalendar } from '@bsc/kpi';
import type { ForecastRepository } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import type { KpiForecastBand } from './kpi-anomaly-monitor';

/** What the band is read from in a stored forecast's payload (the API's forecast view). */
interface StoredForecastPath {
  points?: ForecastBandPoint[];
}

/**
 * The bands today's values are judged by, read back from storage for a runtime that starts (or takes over) and has
 * heard no `forecast.updated` yet. A forecast's path starts at the end of the day it was made (the model calendar's
 * day), so the live path judges today's values by the newest forecast made before today: that is the one read here,
 * for every KPI at once. Forecasts made today judge only tomorrow, and arrive live before it.
 */
export async function storedForecastBands(
  forecasts: ForecastRepository,
  model: TwinModel,
  now: number,
): Promise<KpiForecastBand[]> {
  const today = new FiscalCalendar(model.calendar).periodOf(now, 'day').start;
  const stored = await forecasts.latestBefore<StoredForecastPath>(
    model.kpis.map((k) => k.id),
    today,
  );
  return stored.flatMap(({ kpiId, periodKey, payload }) =>
    periodKey && payload.points?.length ? [{ kpiId, periodKey, band: judgedBand(payload.points) }] : [],
  );
}
