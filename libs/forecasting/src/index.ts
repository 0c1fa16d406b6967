export * from './core/forecast.types';
export { DEFAULT_LEVELS, normalQuantile, resultFromSigma } from './core/intervals';
export { readWideCsv, writeWideCsv, parseWideCsv, formatWideCsv, WideSeries } from './data/wide-csv';
export { smape, mase, maseScale, owa, coverage } from './metrics/accuracy';
export { scoreSet, SetScore, SeriesScore } from './metrics/set-score';
export { seasonalityTest, acf, SeasonalityTestResult } from './methods/seasonality-test';
export { multiplicativeSeasonalIndices, movingAverageTrend } from './methods/decomposition';
export { naive2, naive2Forecaster, naiveForecaster, seasonalNaiveForecaster, driftForecaster } from './methods/naive.forecaster';
