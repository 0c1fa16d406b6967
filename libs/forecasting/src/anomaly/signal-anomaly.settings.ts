/** The signal anomaly detector's parameters (see signal-anomaly-detector.ts): fixed defaults, each with its reason. */
export interface SignalAnomalySettings {
  /** Values kept: three days at one sample per 5 minutes (3 × 288 + slack), or three weeks at 30 minutes. */
  historyLength: number;
  /** Values whose median is the level a new value is compared with: robust to 7 outliers among 16. */
  levelWindow: number;
  /** Shift/spread: a new median over 8 samples (a majority of 5 moves it) against the 64 before it. */
  shiftShort: number;
  shiftLong: number;
  /** Shortest season (samples) worth a seasonal baseline, and how often the season is re-estimated. */
  minPeriod: number;
  periodRecheckEvery: number;
  /**
   * Previous periods whose same phase forms the seasonal range: up to three, so one odd day does not define it (two
   * suffice to start: the detector uses a season once it has shown two periods).
   */
  seasonalCycles: number;
  /** Residuals kept per tail (the same span as the values), the quantile u above which the generalised Pareto is
   * fitted (95 %, a usual POT choice: about 50 excesses in 1024 values) and the refit interval. */
  tailHistory: number;
  tailQuantile: number;
  tailRefitEvery: number;
  /** Residuals a tail needs before it has an opinion: five expected exceedances of its quantile. */
  tailMinValues: number;
  /** Half-life (samples) of the rate test's episode peak: the long shift window, after which a return is news again. */
  episodeHalfLife: number;
  /** Surprise (decades) at score 0.5: a one-in-10^5 event; unlike a clamp, S/(S + this) keeps extremes ordered. */
  surpriseDecades: number;
}

export const DEFAULT_SIGNAL_ANOMALY_SETTINGS: Readonly<SignalAnomalySettings> = {
  historyLength: 1024,
  levelWindow: 16,
  shiftShort: 8,
  shiftLong: 64,
  minPeriod: 4,
  periodRecheckEvery: 256,
  seasonalCycles: 3,
  tailHistory: 1024,
  tailQuantile: 0.95,
  tailRefitEvery: 64,
  tailMinValues: 100,
  episodeHalfLife: 64,
  surpriseDecades: 5,
};
