export * from './core/forecast.types';
export * from './core/fit-store';
export {
  fitWithStructureHint,
  reselectAt,
  seriesPhase,
  seriesStructures,
  STRUCTURE_RESELECT_EVERY,
  STRUCTURES_KEY_PREFIX,
  structuresScopeOf,
  type SeriesStructures,
} from './core/structure-hints';
export { partsFingerprint, seriesFingerprint } from './core/series-fingerprint';
export {
  DEFAULT_LEVELS,
  applyWidths,
  calibrateWidths,
  conformalQuantile,
  normalQuantile,
  resultFromSigma,
  scoresNeeded,
} from './core/intervals';
export type { ConformalWidths, IntervalMultiplier } from './core/intervals';
export { forecastBatch, forecastBatchWithWidths } from './core/batch-forecast';
export {
  calibrateOnValidation,
  scoresByStep,
  validationForecasts,
  windowHoldOutOnValidation,
} from './methods/interval-calibration';
export type { ValidationForecast, WindowCoverage } from './methods/interval-calibration';
export type { BatchOptions } from './core/batch-forecast';
export { readWideCsv, writeWideCsv, parseWideCsv, formatWideCsv } from './data/wide-csv';
export type { WideSeries } from './data/wide-csv';
export { smape, mase, maseScale, owa, coverage } from './metrics/accuracy';
export { scoreSet } from './metrics/set-score';
export type { SetScore, SeriesScore } from './metrics/set-score';
export { seasonalityTest, acf } from './methods/seasonality-test';
export type { SeasonalityTestResult } from './methods/seasonality-test';
export { multiplicativeSeasonalIndices, additiveSeasonalIndices, movingAverageTrend } from './methods/decomposition';
export {
  naive2,
  naive2Forecaster,
  naiveForecaster,
  seasonalNaiveForecaster,
  driftForecaster,
} from './methods/naive.forecaster';
export { FORECAST_METHODS, defaultForecaster, getForecaster } from './methods/forecast-methods';
export { autoEts } from './methods/ets/auto-ets';
export { fitEts, forecastEts } from './methods/ets/ets-model';
export type { EtsFit, EtsSpec } from './methods/ets/ets.types';
export { autoArima } from './methods/arima/auto-arima';
export { fitArima } from './methods/arima/arima-model';
export { forecastArima } from './methods/arima/arima-forecast';
export type { ArimaFit, ArimaOrder } from './methods/arima/arima-model';
export {
  DEFAULT_WINDOWS_PER_SERIES,
  trainGlobalWindowModel,
  globalWindowForecast,
  globalTrainingSize,
  loadTensorFlow,
} from './ml/global-window-model';
export type { GlobalTrainingOptions, GlobalTrainingProgress, GlobalWindowModel } from './ml/global-window-model';
export { aGlobalWindowModel } from './ml/test-support/global-window-model.builder';
export { forecastBatchWithGlobal } from './ml/global-batch-forecast';
export { GLOBAL_WEIGHT, blendMeans, blendRatio, globalBlendForecaster, globalPath } from './ml/global-blend.forecaster';
export type { GlobalBatchOptions, GlobalBatchReport } from './ml/global-batch-forecast';
// Platform use: period-end projection, per-KPI backtests, strategy-map link estimates.
export {
  projectPeriodEnd,
  projectPeriodEnds,
  runningPeriodValues,
  withCurrentStep,
  currentBoundsStep,
  MIN_PROJECTION_POINTS,
  MIN_EMPIRICAL_ORIGINS,
  empiricalReach,
} from './period-end/period-end-projection';
export type { PeriodEndWindow } from './period-end/period-end-projection';
export { projectionFromOutcomes, floorProjectionAtZero } from './period-end/period-outcomes';
export { floorAtZero } from './period-end/non-negative-floor';
export { windowErrorsKey } from './period-end/window-error-memo';
export type {
  ErrorScale,
  OriginFits,
  PeriodAggregation,
  PeriodEndInput,
  PeriodEndProjection,
  TargetRule,
  WindowErrorMemo,
} from './period-end/period-end.types';
export { seededRandom, seededNormal, normalCdf } from './period-end/seeded-random';
export { backtest, chooseMethod } from './backtest/rolling-origin-backtest';
export type { BacktestOptions, BacktestResult } from './backtest/rolling-origin-backtest';
export { chooseMethodKept } from './backtest/kept-method-choice';
export type { SeriesMethodChoice } from './backtest/kept-method-choice';
export { estimateLink, MIN_LINK_POINTS } from './links/lagged-correlation';
export type { LagCorrelation, LinkAnalysisInput, LinkEstimate } from './links/lagged-correlation';
// Anomaly detection: the NAB scorer and its corpus reader.
export {
  NAB_PROFILES,
  probationLength,
  scaledSigmoid,
  scoreNab,
  sweepFile,
  normalisedScore,
} from './anomaly/nab-scorer';
export type { NabCounts, NabFileResult, NabProfile, NabProfileScore, NabWindow } from './anomaly/nab-scorer';
export { nabLoss } from './anomaly/nab-loss';
export type { NabLoss } from './anomaly/nab-loss';
export {
  formatNabTimestamp,
  parseNabTimestamp,
  readCsvRows,
  readNabCorpus,
  readNabDetectorScores,
  readNabProfiles,
} from './anomaly/nab-corpus';
export type { NabSeries } from './anomaly/nab-corpus';
export { SignalAnomalyDetector } from './anomaly/signal-anomaly-detector';
export { DEFAULT_SIGNAL_ANOMALY_SETTINGS } from './anomaly/signal-anomaly.settings';
export type { SignalAnomalySettings } from './anomaly/signal-anomaly.settings';
export { scoreSeries } from './anomaly/score-series';
export {
  KpiChangePointDetector,
  DEFAULT_CHANGE_POINT_SETTINGS,
  anomalyScore,
  forecastBandAt,
  judgedBand,
  outsideBandProbability,
} from './anomaly/kpi-anomaly';
export type { ChangePointSettings, ForecastBand, ForecastBandPoint, KpiChangePoint } from './anomaly/kpi-anomaly';
