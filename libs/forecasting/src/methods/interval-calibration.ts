import { ForecastInput, Forecaster } from '../core/forecast.types';
import { CoverageBands, IntervalMultiplier, WidthCalibration, calibrateWidths, scoreCoverage } from '../core/intervals';

export interface ValidationWindowOptions {
  h: number;
  m: number;
  /** Rolling origins per series at n − h, n − 2h, …; default 1 (the last h points). */
  windows?: number;
  /** Series with fewer points than this before an origin are skipped there; default max(2h, 3m). */
  minFit?: number;
}

/**
 * Nonconformity scores |y − f| / sigma of a forecaster on validation windows carved from training series:
 * each origin fits on the points before it and is scored on the h that follow. Steps with sigma = 0 score
 * 0 when exact and Infinity otherwise (an empty interval covers nothing else). One array per window,
 * the last h points first.
 */
export function validationScoresByWindow(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: ValidationWindowOptions,
): number[][] {
  const { h, m } = options;
  const windows = options.windows ?? 1;
  const minFit = options.minFit ?? Math.max(2 * h, 3 * m);
  const scores: number[][] = Array.from({ length: windows }, () => []);
  for (const y of series) {
    for (let w = 1; w <= windows; w++) {
      const origin = y.length - w * h;
      if (origin < minFit) break;
      const input: ForecastInput = { y: y.slice(0, origin), h, m, levels: [] };
      const r = forecaster.forecast(input);
      for (let i = 0; i < h; i++) {
        const err = Math.abs(y[origin + i] - r.mean[i]);
        const s = r.sigma?.[i] ?? 0;
        scores[w - 1].push(s > 0 ? err / s : err === 0 ? 0 : Infinity);
      }
    }
  }
  return scores;
}

/** validationScoresByWindow pooled over the windows. */
export function validationScores(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: ValidationWindowOptions,
): number[] {
  return validationScoresByWindow(forecaster, series, options).flat();
}

export interface ValidationCalibration extends WidthCalibration {
  /** Number of scores pooled. */
  scores: number;
  /** Coverage per window (percent, base multiplier): its spread shows how far one period's coverage can stray. */
  windowCoverage: Record<number, number>[];
}

/**
 * Runs the calibration rule (see calibrateWidths) for one group: a forecaster on one set of training series,
 * scores pooled over the windows.
 */
export function calibrateOnValidation(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: ValidationWindowOptions & { multiplier: IntervalMultiplier; bands?: CoverageBands },
): ValidationCalibration {
  const byWindow = validationScoresByWindow(forecaster, series, options);
  const pooled = byWindow.flat();
  const calibration = calibrateWidths(pooled, options.multiplier, options.bands);
  const levels = Object.keys(calibration.coverage).map(Number);
  const windowCoverage = byWindow.map((scores) =>
    Object.fromEntries(levels.map((level) => [level, 100 * scoreCoverage(scores, level, options.multiplier)])),
  );
  return { ...calibration, scores: pooled.length, windowCoverage };
}
