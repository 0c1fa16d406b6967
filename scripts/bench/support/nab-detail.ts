/*
 * Where a detector's NAB score is lost (bench-anomaly --detail): per category at a given threshold, the windows
 * missed, how late the caught ones were caught, and the false positives split into repeats (a detection in the same
 * file less than an hour before) and isolated ones; then each category scored at the threshold optimised on the
 * other categories (leave one category out), so a change that helps only where its threshold was chosen shows.
 * nabLossLines says what each category costs the overall score, per profile, in missed windows, late detections
 * and false positives.
 */
import {
  NAB_PROFILES,
  nabLoss,
  NabFileResult,
  NabProfileScore,
  NabSeries,
  normalisedScore,
  probationLength,
  scaledSigmoid,
  scoreNab,
} from '@bsc/forecasting';

/** A false positive this close after the previous detection in its file is a repeat of it (one incident). */
const REPEAT_MS = 3_600_000;

export interface CategoryDetail {
  category: string;
  windows: number;
  missed: number;
  /** Mean position of the first detection in the caught windows: 0 = window start, 1 = its end. */
  meanPosition: number;
  /** Mean NAB reward of the caught windows' first detections (1 = at the window start, 0 = at its end). */
  meanReward: number;
  falsePositives: number;
  repeats: number;
  isolated: number;
}

interface FileDetail extends CategoryDetail {
  file: string;
}

function fileDetail(series: NabSeries, result: NabFileResult, threshold: number): FileDetail {
  const n = series.timestamps.length;
  const probation = probationLength(n);
  const detail: FileDetail = {
    file: series.key,
    category: series.category,
    windows: 0,
    missed: 0,
    meanPosition: 0,
    meanReward: 0,
    falsePositives: 0,
    repeats: 0,
    isolated: 0,
  };
  const inWindow = new Int32Array(n).fill(-1);
  series.windows.forEach((w, k) => {
    for (let i = 0; i < n; i++) if (series.timestamps[i] >= w.start && series.timestamps[i] <= w.end) inWindow[i] = k;
  });
  let lastDetection = -Infinity;
  for (let i = probation; i < n; i++) {
    if (result.scores[i] < threshold || inWindow[i] >= 0) {
      if (result.scores[i] >= threshold) lastDetection = series.timestamps[i];
      continue;
    }
    detail.falsePositives++;
    if (series.timestamps[i] - lastDetection < REPEAT_MS) detail.repeats++;
    else detail.isolated++;
    lastDetection = series.timestamps[i];
  }
  series.windows.forEach((_, k) => {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (inWindow[i] === k) members.push(i);
    if (members.length === 0 || members[members.length - 1] < probation) return;
    detail.windows++;
    const first = members.find((i) => i >= probation && result.scores[i] >= threshold);
    if (first === undefined) {
      detail.missed++;
      return;
    }
    const right = members[members.length - 1];
    const width = members.length;
    detail.meanPosition += (first - members[0]) / Math.max(1, width - 1);
    detail.meanReward += scaledSigmoid(-(right - first + 1) / width) / scaledSigmoid(-1);
  });
  return detail;
}

/** A file's sums of positions and rewards as means over its caught windows. */
function asMeans(d: FileDetail): FileDetail {
  const caught = d.windows - d.missed;
  return caught > 0 ? { ...d, meanPosition: d.meanPosition / caught, meanReward: d.meanReward / caught } : d;
}

function merge(category: string, parts: readonly CategoryDetail[]): CategoryDetail {
  const sum = (f: (d: CategoryDetail) => number): number => parts.reduce((s, d) => s + f(d), 0);
  const caught = sum((d) => d.windows - d.missed);
  return {
    category,
    windows: sum((d) => d.windows),
    missed: sum((d) => d.missed),
    meanPosition: caught > 0 ? sum((d) => d.meanPosition) / caught : 0,
    meanReward: caught > 0 ? sum((d) => d.meanReward) / caught : 0,
    falsePositives: sum((d) => d.falsePositives),
    repeats: sum((d) => d.repeats),
    isolated: sum((d) => d.isolated),
  };
}

/** Text lines of the detail report; `perFile` adds one line per file. */
export function nabDetailLines(
  corpus: readonly NabSeries[],
  results: readonly NabFileResult[],
  threshold: number,
  perFile: boolean,
): string[] {
  const files = corpus.map((s, i) => fileDetail(s, results[i], threshold));
  const categories = [...new Set(corpus.map((s) => s.category))];
  const rows = [
    ...categories.map((c) =>
      merge(
        c,
        files.filter((f) => f.category === c),
      ),
    ),
    merge('all', files),
  ];
  const line = (name: string, d: CategoryDetail): string =>
    `${name.slice(0, 43).padEnd(44)}${[d.windows, d.missed].map((v) => String(v).padStart(8)).join('')}` +
    `${[d.meanPosition, d.meanReward].map((v) => v.toFixed(2).padStart(8)).join('')}` +
    `${[d.falsePositives, d.repeats, d.isolated].map((v) => String(v).padStart(8)).join('')}`;
  const out = [
    `detail at the standard threshold ${threshold.toFixed(4)} (repeat: a detection in the same file < 1 h before)`,
    `${''.padEnd(44)}${['windows', 'missed', 'pos', 'reward', 'FP', 'repeats', 'isolated'].map((h) => h.padStart(8)).join('')}`,
    ...rows.map((d) => line(d.category, d)),
    ...(perFile ? files.map((f) => line(`  ${f.file}`, asMeans(f))) : []),
    'leave one category out: each scored at the thresholds optimised on the other categories',
  ];
  for (const c of categories) {
    const held = results.filter((_, i) => corpus[i].category === c);
    const rest = results.filter((_, i) => corpus[i].category !== c);
    const cells = NAB_PROFILES.map((p) => {
      const t = scoreNab(rest, p).threshold;
      const s = scoreNab(held, p, t);
      return s.perfectRaw > s.nullRaw
        ? normalisedScore(s.raw, s.nullRaw, s.perfectRaw).toFixed(1).padStart(9)
        : `${s.raw.toFixed(2)}r`.padStart(9);
    });
    out.push(`  ${c.padEnd(36)}${cells.join('')}`);
  }
  return out;
}

/**
 * Normalised points each category loses at each profile's corpus threshold, split into missed windows, late
 * detections and false positives: over all rows they add up to 100 − the overall score.
 */
export function nabLossLines(
  corpus: readonly NabSeries[],
  results: readonly NabFileResult[],
  overall: readonly NabProfileScore[],
): string[] {
  const categories = [...new Set(corpus.map((s) => s.category))];
  const cells = (files: readonly NabFileResult[]): string =>
    NAB_PROFILES.map((p, k) => {
      const loss = nabLoss(files, p, overall[k].threshold);
      const points = 100 / (overall[k].perfectRaw - overall[k].nullRaw);
      return [loss.missed, loss.late, loss.falsePositives].map((v) => (v * points).toFixed(1).padStart(7)).join('');
    }).join('  ');
  const head = NAB_PROFILES.map(() => ['missed', 'late', 'FP'].map((h) => h.padStart(7)).join('')).join('  ');
  return [
    `points lost to 100 at each profile's threshold (${NAB_PROFILES.map((p) => p.name).join(' | ')})`,
    `${''.padEnd(26)}${head}`,
    ...categories.map((c) => `  ${c.padEnd(24)}${cells(results.filter((_, i) => corpus[i].category === c))}`),
    `  ${'all'.padEnd(24)}${cells(results)}`,
  ];
}
