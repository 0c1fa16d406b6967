export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';

/** An ETS model in Hyndman et al. (2008) taxonomy, e.g. { error: 'M', trend: 'Ad', season: 'M' } = ETS(M,Ad,M). */
export interface EtsSpec {
  error: EtsError;
  trend: EtsTrend;
  season: EtsSeason;
}

export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Initial states: level, trend and m seasonal values (s[t mod m] applies to observation t). */
export interface EtsStates {
  level: number;
  trend: number;
  season: number[];
}

export interface EtsFit {
  spec: EtsSpec;
  m: number;
  params: EtsParams;
  /** Fitted initial states (on the scaled data). */
  initial: EtsStates;
  /** States after the last observation (season ring aligned so that s[(n + i) mod m] applies to step i). */
  final: EtsStates;
  n: number;
  /** Variance of the innovations (additive: in data units; multiplicative: relative). */
  sigma2: number;
  /** -2·log-likelihood up to a constant shared by all models on the same data. */
  lik: number;
  aicc: number;
  /** Number of estimated parameters, including the variance. */
  np: number;
  /** Divisor applied to the data before fitting (forecasts are scaled back). */
  scale: number;
}

export function specName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}
