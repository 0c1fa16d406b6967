/*
 * The Numenta Anomaly Benchmark scorer (Lavin & Ahmad 2015), re-implemented from NAB's sweeper: per-record
 * sweep scores from the label windows, one threshold per profile optimised over the whole corpus, and the
 * normalisation 100·(raw − null)/(perfect − null).
 */

export interface NabProfile {
  name: string;
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  { name: 'reward_low_FP_rate', tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  { name: 'reward_low_FN_rate', tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
];

/** A label window, both ends inclusive and equal to a record's timestamp (epoch ms). */
export interface NabWindow {
  start: number;
  end: number;
}

/** One detector's output on one file. */
export interface NabFileResult {
  name: string;
  timestamps: readonly number[];
  scores: ArrayLike<number>;
  windows: readonly NabWindow[];
}

export interface NabCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface NabProfileScore {
  profile: string;
  threshold: number;
  raw: number;
  nullRaw: number;
  perfectRaw: number;
  normalised: number;
  counts: NabCounts;
}

/** NAB's probationary period: 15 % of the file, at most 15 % of 5000 records. */
export const NAB_PROBATION_SHARE = 0.15;
export const NAB_PROBATION_MAX = 750;
/** Above every score: the first row of a threshold sweep detects nothing. */
const NO_DETECTION_THRESHOLD = 1.1;

/** A record's window in a SweptFile when it is in none (past the probation). */
export const OUTSIDE = -1;
const PROBATION = -2;

export function probationLength(records: number): number {
  return Math.min(Math.floor(NAB_PROBATION_SHARE * records), NAB_PROBATION_MAX);
}

/** 2·sigmoid(−5x) − 1, and −1 beyond 3 (a false positive far after a window costs the full weight). */
export function scaledSigmoid(x: number): number {
  if (x > 3) return -1;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}

/** Per record: its sweep score S(t) and its window (index in the file, OUTSIDE, or PROBATION). */
export interface SweptFile {
  sweep: Float64Array;
  window: Int32Array;
  /** Windows with at least one scorable record: the ones a detector can win or miss. */
  scorableWindows: number;
}

export function sweepFile(file: NabFileResult, profile: NabProfile): SweptFile {
  const n = file.timestamps.length;
  const indexOf = new Map<number, number>();
  file.timestamps.forEach((t, i) => indexOf.set(t, i));
  const sweep = new Float64Array(n);
  const window = new Int32Array(n);
  const maxTp = scaledSigmoid(-1);
  const probation = probationLength(n);
  const scorable = new Set<number>();
  let next = 0;
  let current = -1;
  let right = -1;
  let width = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const w = file.windows[next];
    if (current < 0 && w !== undefined && file.timestamps[i] === w.start) {
      current = next++;
      right = indexOf.get(w.end) ?? -1;
      if (right < i)
        throw new Error(`${file.name}: window end ${new Date(w.end).toISOString()} is not a record after its start`);
      width = right - i + 1;
    }
    if (current >= 0) {
      sweep[i] = (scaledSigmoid(-(right - i + 1) / width) * profile.tpWeight) / maxTp;
    } else if (prevRight < 0) {
      sweep[i] = -profile.fpWeight;
    } else {
      // a one-record window has no width to measure the distance by: NAB's formula divides by zero there
      const past = prevWidth > 1 ? Math.abs(prevRight - i) / (prevWidth - 1) : Infinity;
      sweep[i] = scaledSigmoid(past) * profile.fpWeight;
    }
    window[i] = i < probation ? PROBATION : current >= 0 ? current : OUTSIDE;
    if (i >= probation && current >= 0) scorable.add(current);
    if (i === right) {
      prevRight = right;
      prevWidth = width;
      current = -1;
      right = -1;
    }
  }
  if (next < file.windows.length)
    throw new Error(
      `${file.name}: window starting ${new Date(file.windows[next].start).toISOString()} matches no record`,
    );
  return { sweep, window, scorableWindows: scorable.size };
}

interface CorpusRecords {
  score: Float64Array;
  sweep: Float64Array;
  /** Window id over the corpus, or −1 outside every window. */
  window: Int32Array;
  windowCount: number;
}

function gather(files: readonly NabFileResult[], profile: NabProfile): CorpusRecords {
  const swept = files.map((f) => sweepFile(f, profile));
  const total = swept.reduce((s, f) => s + f.window.reduce((c, w) => c + (w === PROBATION ? 0 : 1), 0), 0);
  const score = new Float64Array(total);
  const sweep = new Float64Array(total);
  const window = new Int32Array(total);
  let k = 0;
  let windowBase = 0;
  swept.forEach((s, f) => {
    for (let i = 0; i < s.window.length; i++) {
      if (s.window[i] === PROBATION) continue;
      score[k] = files[f].scores[i];
      sweep[k] = s.sweep[i];
      window[k++] = s.window[i] === OUTSIDE ? OUTSIDE : windowBase + s.window[i];
    }
    windowBase += files[f].windows.length;
  });
  return { score, sweep, window, windowCount: windowBase };
}

interface SweepRow {
  threshold: number;
  raw: number;
  counts: NabCounts;
}

/**
 * NAB's threshold sweep: records in decreasing score; a row per distinct score, detecting every record at or
 * above it. In a window only the best (= first) detection counts and a missed window costs −A_FN.
 */
function thresholdSweep(records: CorpusRecords, profile: NabProfile): SweepRow[] {
  const order = Array.from(records.score.keys()).sort((a, b) => records.score[b] - records.score[a]);
  const best = new Float64Array(records.windowCount).fill(-profile.fnWeight);
  const present = new Set<number>();
  for (const w of records.window) if (w >= 0) present.add(w);
  let windowSum = -profile.fnWeight * present.size;
  let fpSum = 0;
  const counts: NabCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const w of records.window) {
    if (w >= 0) counts.fn++;
    else counts.tn++;
  }
  const rows: SweepRow[] = [];
  let threshold = NO_DETECTION_THRESHOLD;
  for (const k of order) {
    if (records.score[k] !== threshold) {
      rows.push({ threshold, raw: fpSum + windowSum, counts: { ...counts } });
      threshold = records.score[k];
    }
    const w = records.window[k];
    if (w >= 0) {
      counts.tp++;
      counts.fn--;
      if (records.sweep[k] > best[w]) {
        windowSum += records.sweep[k] - best[w];
        best[w] = records.sweep[k];
      }
    } else {
      counts.fp++;
      counts.tn--;
      fpSum += records.sweep[k];
    }
  }
  rows.push({ threshold, raw: fpSum + windowSum, counts: { ...counts } });
  return rows;
}

/** Raw score of the files at a given threshold (a record is a detection when its score is >= threshold). */
export function rawScoreAt(files: readonly NabFileResult[], profile: NabProfile, threshold: number): SweepRow {
  const records = gather(files, profile);
  const rows = thresholdSweep(records, profile);
  let match = rows[0];
  for (const row of rows) if (row.threshold >= threshold) match = row;
  return { ...match, threshold };
}

/** The highest-scoring threshold; among equal scores the highest threshold (NAB's stable sort keeps it first). */
export function optimiseThreshold(files: readonly NabFileResult[], profile: NabProfile): SweepRow {
  const rows = thresholdSweep(gather(files, profile), profile);
  return rows.reduce((best, row) => (row.raw > best.raw ? row : best), rows[0]);
}

export function scorableWindowCount(files: readonly NabFileResult[], profile: NabProfile): number {
  return files.reduce((s, f) => s + sweepFile(f, profile).scorableWindows, 0);
}

/** Null detector: misses every window; perfect detector: detects each at its first record. */
export function nullAndPerfect(
  files: readonly NabFileResult[],
  profile: NabProfile,
): { nullRaw: number; perfectRaw: number } {
  const windows = scorableWindowCount(files, profile);
  return { nullRaw: -profile.fnWeight * windows, perfectRaw: profile.tpWeight * windows };
}

export function normalisedScore(raw: number, nullRaw: number, perfectRaw: number): number {
  return (100 * (raw - nullRaw)) / (perfectRaw - nullRaw);
}

/** Scores at a fixed threshold, or at the corpus-optimal one when none is given. */
export function scoreNab(files: readonly NabFileResult[], profile: NabProfile, threshold?: number): NabProfileScore {
  const row = threshold === undefined ? optimiseThreshold(files, profile) : rawScoreAt(files, profile, threshold);
  const { nullRaw, perfectRaw } = nullAndPerfect(files, profile);
  return {
    profile: profile.name,
    threshold: row.threshold,
    raw: row.raw,
    nullRaw,
    perfectRaw,
    normalised: normalisedScore(row.raw, nullRaw, perfectRaw),
    counts: row.counts,
  };
}
