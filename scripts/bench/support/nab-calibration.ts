/*
 * Is the detector calibrated where nothing is labelled (bench-anomaly --detail)? Under the null a tail probability
 * is uniform: among n tests, about n·10^−k fall below 10^−k. Counted per statistic (point, shift, spread, rate),
 * for their Bonferroni-corrected minimum and for the surprise the episode rule tells, on two null sets: the files
 * without anomalies, and the samples of the other files at least one window length away from every window (a
 * window's edge is fuzzy). Probation samples are left out, as NAB's scorer does. A ratio well above 1 at small p
 * is a miscalibrated statistic: false alarms a threshold cannot tell from anomalies.
 */
import { DEFAULT_SIGNAL_ANOMALY_SETTINGS, NabSeries, probationLength, SignalAnomalyDetector } from '@bsc/forecasting';

const DECADES = [1, 2, 3, 4, 5];
const ROWS = ['point', 'shift', 'spread', 'rate', 'corrected min', 'told'];
const NULL_SETS = ['files without anomalies', 'far from windows'];
const RATE = 3;
const HALF = DEFAULT_SIGNAL_ANOMALY_SETTINGS.surpriseDecades;

interface Tally {
  tests: number;
  below: number[];
}

const tally = (): Tally => ({ tests: 0, below: DECADES.map(() => 0) });

function count(t: Tally, surprise: number): void {
  t.tests++;
  DECADES.forEach((k, i) => {
    if (surprise > k) t.below[i]++;
  });
}

/** Null-set index of each sample: 0 files without anomalies, 1 far from windows, −1 not null (or probation). */
function nullSetOf(series: NabSeries): Int8Array {
  const n = series.timestamps.length;
  const set = new Int8Array(n).fill(-1);
  const margin = series.windows.length > 0 ? series.windows[0].end - series.windows[0].start : 0;
  for (let i = probationLength(n); i < n; i++) {
    const t = series.timestamps[i];
    if (series.windows.length === 0) set[i] = 0;
    else if (series.windows.every((w) => t < w.start - margin || t > w.end + margin)) set[i] = 1;
  }
  return set;
}

export function nabCalibrationLines(corpus: readonly NabSeries[]): string[] {
  const tallies = NULL_SETS.map(() => ROWS.map(tally));
  for (const series of corpus) {
    const set = nullSetOf(series);
    const detector = new SignalAnomalyDetector();
    for (let i = 0; i < series.values.length; i++) {
      const score = detector.update(series.values[i], series.timestamps[i]);
      if (set[i] < 0) continue;
      const rows = tallies[set[i]];
      const p = detector.lastProbabilities;
      let min = 1;
      let tests = 0;
      // the rate test counts only where it has an opinion (a sparse count signal)
      p.forEach((v, j) => {
        if (v < 1 || j < RATE) {
          count(rows[j], -Math.log10(v));
          tests++;
        }
        min = Math.min(min, v);
      });
      count(rows[4], -Math.log10(Math.min(1, min * tests)));
      // the score is S/(S + c): S = c·score/(1 − score)
      count(rows[5], score > 0 ? (HALF * score) / (1 - score) : 0);
    }
  }
  const lines = ['calibration on null stretches: observed / expected count of p < 10^-k (expected n·10^-k)'];
  NULL_SETS.forEach((name, s) => {
    lines.push(`  ${name.padEnd(20)}${'n'.padStart(8)}${DECADES.map((k) => `k=${k}`.padStart(14)).join('')}`);
    ROWS.forEach((row, r) => {
      const t = tallies[s][r];
      if (t.tests === 0) return;
      const cells = DECADES.map((k, i) => `${t.below[i]}/${(t.tests * 10 ** -k).toFixed(1)}`.padStart(14));
      lines.push(`    ${row.padEnd(18)}${String(t.tests).padStart(8)}${cells.join('')}`);
    });
  });
  return lines;
}
