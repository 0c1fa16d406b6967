import type { NabFileResult } from '../nab-scorer';

const MINUTE = 60_000;

/**
 * 20 records one minute apart, one window over records 10..13 (width 4). Probation: floor(0.15·20) = 3 records.
 * Scores: 0.95 at record 1 (probation: ignored), 0.8 at 5 (before the window), 0.9 at 11 (second record of the
 * window), 0.7 at 14 (just after the window), 0 elsewhere.
 */
export function tinyFile(): NabFileResult {
  const scores = new Array<number>(20).fill(0);
  scores[1] = 0.95;
  scores[5] = 0.8;
  scores[11] = 0.9;
  scores[14] = 0.7;
  return {
    name: 'tiny.csv',
    timestamps: scores.map((_, i) => i * MINUTE),
    scores,
    windows: [{ start: 10 * MINUTE, end: 13 * MINUTE }],
  };
}
