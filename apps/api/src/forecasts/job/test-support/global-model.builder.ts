import { aGlobalWindowModel, type GlobalWindowModel } from '@bsc/forecasting';

const zero = (rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, () => Array<number>(cols).fill(0));

/**
 * A daily global model (28 days in, 14 out) whose one net outputs 0: every step's forecast is the level, the mean of
 * the input's last 7 days, so expected values can be worked out by hand.
 */
export function lastWeekMeanModel(): GlobalWindowModel {
  return aGlobalWindowModel({
    m: 7,
    h: 14,
    inputLength: 28,
    levelSpan: 7,
    members: [
      [
        { weights: zero(2, 28), bias: [0, 0], activation: 'relu' },
        { weights: zero(14, 2), bias: Array<number>(14).fill(0), activation: 'linear' },
      ],
    ],
  });
}
