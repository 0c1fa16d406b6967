import { FORECAST, type ForecastAnswer } from '../golden-queries';
import type { GoldenApi } from './golden-platform';

/** The KPI's forecast; fails when the forecasting runtime has none. */
export async function forecastOf(api: GoldenApi, id: string): Promise<NonNullable<ForecastAnswer['kpi']['forecast']>> {
  const answer = await api.query<ForecastAnswer>(FORECAST, { id });
  if (!answer.kpi.forecast) throw new Error(`no forecast for ${id}`);
  return answer.kpi.forecast;
}

/** Polls until the forecasting runtime has a period-end projection for each KPI (it runs in the background). */
export async function waitForForecasts(api: GoldenApi, ids: string[]): Promise<void> {
  const deadline = Date.now() + 50_000;
  for (;;) {
    const answers = await Promise.all(ids.map((id) => api.query<ForecastAnswer>(FORECAST, { id })));
    if (answers.every((a) => a.kpi.forecast?.periodEnd)) return;
    if (Date.now() > deadline) throw new Error(`forecasts not ready: ${JSON.stringify(answers)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
