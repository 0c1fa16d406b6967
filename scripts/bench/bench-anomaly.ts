/*
 * Anomaly-detection benchmark on the Numenta Anomaly Benchmark files beside the repository
 * (../shared/data/anomaly/nab, or --data DIR / BSC_ANOMALY_DATA): runs the platform's signal detector over every
 * file, scores it with the NAB scorer (thresholds optimised per profile over all files, as NAB does), and prints
 * standard / low-FP / low-FN per category and overall next to the published detectors on the same files, and the
 * CPU cost per sample against a rolling z-score baseline timed in the same run. --detail adds where the score is
 * lost (missed and late windows, repeated and isolated false positives, leave-one-category-out scores; --detail files
 * adds a line per file), the points each category loses to missed windows, late detections and false positives under
 * each profile, and the calibration of the tail probabilities on null stretches. Last line: ONE JSON object.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import {
  NAB_PROFILES,
  NabFileResult,
  NabProfileScore,
  NabSeries,
  normalisedScore,
  readNabCorpus,
  readNabDetectorScores,
  scoreNab,
  scoreSeries,
} from '@bsc/forecasting';
import { nabCalibrationLines } from './support/nab-calibration';
import { nabDetailLines, nabLossLines } from './support/nab-detail';
import { argText, hasFlag } from './support/bench-args';
import { sharedDataDir } from './support/shared-data';

/**
 * NAB's scorer on these same 42 files (thresholds optimised on them), standard / low-FP / low-FN, as published
 * with the data (its README); the whole-corpus scoreboard (58 files) is final_results.json.
 */
const PUBLISHED: ReadonlyArray<[string, number, number, number]> = [
  ['ARTime', 71.9, 62.5, 77.4],
  ['Numenta HTM', 69.9, 63.7, 74.1],
  ['contextOSE', 67.6, 63.3, 71.7],
  ['htmjava', 65.9, 59.1, 70.2],
  ['relativeEntropy', 55.8, 47.7, 60.4],
  ['randomCutForest', 53.4, 42.6, 61.3],
  ['earthgeckoSkyline', 53.4, 45.1, 57.8],
  ['knncad', 52.3, 40.1, 58.6],
  ['skyline', 42.1, 32.9, 46.4],
  ['twitterADVec', 40.5, 29.5, 46.4],
  ['windowedGaussian', 30.6, 16.4, 37.3],
  ['bayesChangePt', 24.1, 8.6, 37.8],
  ['random', 19.5, 9.1, 27.9],
];
/** Rolling window of the cost baseline (NAB's windowedGaussian uses a window of this order). */
const BASELINE_WINDOW = 128;

const round = (v: number, d = 2): number => Number(v.toFixed(d));

function cpuMicros(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/** The cost baseline: z-score of each value against a rolling mean and variance (O(1) per sample). */
function rollingZScores(values: readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    const n = Math.min(i, BASELINE_WINDOW);
    const mean = n > 0 ? sum / n : values[i];
    const sd = n > 1 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
    out[i] = sd > 0 ? Math.min(1, Math.abs(values[i] - mean) / sd / 10) : 0;
    sum += values[i];
    sumSq += values[i] * values[i];
    if (i >= BASELINE_WINDOW) {
      sum -= values[i - BASELINE_WINDOW];
      sumSq -= values[i - BASELINE_WINDOW] * values[i - BASELINE_WINDOW];
    }
  }
  return out;
}

function asResult(series: NabSeries, scores: ArrayLike<number>): NabFileResult {
  return { name: series.key, timestamps: series.timestamps, windows: series.windows, scores };
}

/** Per category at the corpus-optimal threshold of each profile; n/a where a category has no window. */
function categoryRows(
  corpus: readonly NabSeries[],
  results: readonly NabFileResult[],
  overall: readonly NabProfileScore[],
) {
  const categories = [...new Set(corpus.map((s) => s.category))];
  return categories.map((category) => {
    const files = results.filter((_, i) => corpus[i].category === category);
    const scores = NAB_PROFILES.map((p, k) => scoreNab(files, p, overall[k].threshold));
    const windows = files.reduce((s, f) => s + f.windows.length, 0);
    const normalised = scores.map((s) =>
      s.perfectRaw > s.nullRaw ? round(normalisedScore(s.raw, s.nullRaw, s.perfectRaw)) : null,
    );
    return { category, files: files.length, windows, normalised, raw: scores.map((s) => round(s.raw, 3)) };
  });
}

function main(): void {
  const dataDir = sharedDataDir('anomaly', 'BSC_ANOMALY_DATA');
  const nabDir = join(dataDir, 'nab');
  if (!existsSync(nabDir)) {
    process.stderr.write(`bench-anomaly: NAB data not found: ${nabDir} (use --data DIR)\n`);
    process.exit(2);
  }
  const corpus = readNabCorpus(nabDir);
  const samples = corpus.reduce((s, f) => s + f.values.length, 0);

  let scores: Float64Array[] = [];
  const detectorMicros = cpuMicros(() => (scores = corpus.map((s) => scoreSeries(s.values, s.timestamps))));
  const baselineMicros = cpuMicros(() => corpus.forEach((s) => rollingZScores(s.values)));
  const results = corpus.map((s, i) => asResult(s, scores[i]));
  const overall = NAB_PROFILES.map((p) => scoreNab(results, p));
  const categories = categoryRows(corpus, results, overall);
  // the scorer's own check, in the same run: NAB's published windowedGaussian outputs, rescored here
  const referenceDir = join(nabDir, 'reference-results');
  const reference = existsSync(referenceDir)
    ? NAB_PROFILES.map((p) =>
        scoreNab(
          corpus.map((s) => asResult(s, readNabDetectorScores(referenceDir, 'windowedGaussian', s.key))),
          p,
        ),
      )
    : [];

  const cell = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(1)).padStart(9);
  const lines = [
    `NAB: ${corpus.length} files, ${samples} samples, ${categories.reduce((s, c) => s + c.windows, 0)} windows`,
    `${'category'.padEnd(24)}${'files'.padStart(6)}${'windows'.padStart(8)}${'standard'.padStart(9)}${'low-FP'.padStart(9)}${'low-FN'.padStart(9)}`,
    // a category without windows cannot be normalised (null = perfect = 0): its raw score is its false-positive cost
    ...categories.map(
      (c) =>
        `${c.category.padEnd(24)}${String(c.files).padStart(6)}${String(c.windows).padStart(8)}` +
        (c.windows > 0
          ? c.normalised.map(cell).join('')
          : `${c.raw.map((r) => r.toFixed(2).padStart(9)).join('')}  (raw: false-positive cost)`),
    ),
    `${'overall (this detector)'.padEnd(38)}${overall.map((s) => cell(s.normalised)).join('')}`,
    `${'  thresholds'.padEnd(38)}${overall.map((s) => s.threshold.toFixed(4).padStart(9)).join('')}`,
    'published detectors on the same files (NAB scorer):',
    ...PUBLISHED.map(([name, ...v]) => `  ${name.padEnd(36)}${v.map(cell).join('')}`),
    ...(reference.length
      ? [`  ${'windowedGaussian, rescored here'.padEnd(36)}${reference.map((s) => cell(s.normalised)).join('')}`]
      : []),
    `cost: ${(detectorMicros / samples).toFixed(2)} µs/sample CPU (rolling z-score baseline ${(baselineMicros / samples).toFixed(3)} µs/sample)`,
  ];
  if (hasFlag('detail'))
    lines.push(
      ...nabLossLines(corpus, results, overall),
      ...nabDetailLines(corpus, results, overall[0].threshold, argText('detail') === 'files'),
      ...nabCalibrationLines(corpus),
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  const figures = {
    files: corpus.length,
    samples,
    standard: round(overall[0].normalised),
    lowFP: round(overall[1].normalised),
    lowFN: round(overall[2].normalised),
    thresholds: Object.fromEntries(overall.map((s) => [s.profile, s.threshold])),
    categories: Object.fromEntries(categories.map((c) => [c.category, c.windows > 0 ? c.normalised : { raw: c.raw }])),
    usPerSample: round(detectorMicros / samples, 3),
    baselineUsPerSample: round(baselineMicros / samples, 3),
    windowedGaussianRescored: reference.map((s) => round(s.normalised, 6)),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main();
