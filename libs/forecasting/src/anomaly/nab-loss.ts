/*
 * Where a NAB score is lost, in the scorer's own raw points. The perfect detector earns A_TP in every window, so
 * perfect − raw splits exactly into missed windows (A_TP + A_FN each), late detections (A_TP less the reward the
 * window's first detection earned) and the cost of the false positives. Divided by perfect − null, each part is
 * the normalised points it costs: the three add up to 100 − the normalised score.
 */
import { NabFileResult, NabProfile, OUTSIDE, sweepFile } from './nab-scorer';

export interface NabLoss {
  missed: number;
  late: number;
  falsePositives: number;
}

/** Raw points lost by `files` under `profile` when a record is a detection at `threshold` or above. */
export function nabLoss(files: readonly NabFileResult[], profile: NabProfile, threshold: number): NabLoss {
  const loss: NabLoss = { missed: 0, late: 0, falsePositives: 0 };
  for (const file of files) {
    const { sweep, window } = sweepFile(file, profile);
    // per scored window, the reward of its first detection (rewards fall with the position); none: missed
    const first = new Map<number, number | undefined>();
    for (let i = 0; i < window.length; i++) {
      const w = window[i];
      const detected = file.scores[i] >= threshold;
      if (w >= 0 && first.get(w) === undefined) first.set(w, detected ? sweep[i] : undefined);
      else if (w === OUTSIDE && detected) loss.falsePositives -= sweep[i];
    }
    for (const reward of first.values()) {
      if (reward === undefined) loss.missed += profile.tpWeight + profile.fnWeight;
      else loss.late += profile.tpWeight - reward;
    }
  }
  return loss;
}
