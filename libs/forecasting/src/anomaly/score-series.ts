import { SignalAnomalyDetector } from './signal-anomaly-detector';
import type { SignalAnomalySettings } from './signal-anomaly.settings';

/** The platform's signal detector run over one whole series in order: one score per sample. */
export function scoreSeries(
  values: ArrayLike<number>,
  timestamps?: ArrayLike<number>,
  settings: Partial<SignalAnomalySettings> = {},
): Float64Array {
  const detector = new SignalAnomalyDetector(settings);
  const scores = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++)
    scores[i] = detector.update(values[i], timestamps ? timestamps[i] : Number.NaN);
  return scores;
}
