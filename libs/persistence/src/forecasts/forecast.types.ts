/** A stored forecast; `payload` is whatever the forecasting service produced (means, intervals, backtest). */
export interface ForecastRecord<TPayload = unknown> {
  id: number;
  kpiId: string;
  computedAt: number;
  method: string;
  horizon: number;
  periodKey: string | null;
  /** Probability of meeting the target at period end. */
  probability: number | null;
  payload: TPayload;
}

export type NewForecast<TPayload = unknown> = Omit<ForecastRecord<TPayload>, 'id' | 'periodKey' | 'probability'> & {
  periodKey?: string | null;
  probability?: number | null;
};

export interface LinkEstimateRecord<TPayload = unknown> {
  id: number;
  fromObjective: string;
  toObjective: string;
  computedAt: number;
  payload: TPayload;
}

export type NewLinkEstimate<TPayload = unknown> = Omit<LinkEstimateRecord<TPayload>, 'id'>;
