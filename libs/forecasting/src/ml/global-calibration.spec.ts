import { calibrateWidths } from '../core/intervals';
import { ValidationForecast, scoresByStep, validationForecasts } from '../methods/interval-calibration';
import { naiveForecaster } from '../methods/naive.forecaster';
import { blendOnValidation, partsBeforeValidation } from './global-calibration';

const window = (
  index: number,
  back: number,
  train: number[],
  actual: number[],
  mean: number[],
): ValidationForecast => ({
  index,
  back,
  train,
  actual,
  mean,
  sigma: mean.map(() => 1),
});

describe(partsBeforeValidation.name, () => {
  it("keeps each series' points before its oldest validation window, in batch order", () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    // h = 3, m = 1: y's origins 8 and 5 (2 < max(2m, h) = 3 stops); [4, 5, 6, 7]'s only origin 1; [1, 2] has none
    const validations = validationForecasts(naiveForecaster, [[1, 2], y, [4, 5, 6, 7]], { h: 3, m: 1, windows: 3 });
    expect(partsBeforeValidation(validations)).toEqual([[1, 2, 3, 4, 5], [4]]);
  });

  it('does not depend on the order of the windows', () => {
    const validations = [
      window(1, 0, [9, 9, 9], [1], [0]),
      window(0, 1, [5], [1], [0]),
      window(0, 0, [5, 6], [1], [0]),
    ];
    expect(partsBeforeValidation(validations)).toEqual([[5], [9, 9, 9]]);
  });
});

describe(blendOnValidation.name, () => {
  it("blends the method with the global forecast from each window's origin, the method alone where none", () => {
    const validations = [window(0, 0, [1, 2], [0, 0], [2, 4]), window(0, 1, [1], [0, 0], [2, 4])];
    const global = (history: readonly number[]): number[] | undefined => (history.length === 2 ? [4, 8] : undefined);
    // ½·4 + ½·2 = 3, ½·8 + ½·4 = 6
    expect(blendOnValidation(validations, global)).toEqual([
      [3, 6],
      [2, 4],
    ]);
  });

  it("counts the earlier windows' blend errors in the widths, not only the last window's", () => {
    // 10 series, h = 1, unit scales. Last windows: actual 1, method 0, global 0 → blend 0, score 1. Earlier
    // windows (back 1, origin 1): actual 3, method 0, global 2 → blend 1, score 2. A 50 % level needs
    // ⌈10 / 0.5⌉ = 20 scores: the 10 last ones alone leave the model's widths; all 20 give the
    // ⌈21 · 0.5⌉ = 11th smallest of ten 1s and ten 2s = 2.
    const validations = Array.from({ length: 10 }, (_, i) => [
      window(i, 0, [0, 0], [1], [0]),
      window(i, 1, [0], [3], [0]),
    ]).flat();
    const global = (history: readonly number[]): number[] => (history.length === 1 ? [2] : [0]);
    const blend = blendOnValidation(validations, global);
    const last = validations.flatMap((v, j) => (v.back === 0 ? [j] : []));
    expect(
      calibrateWidths(
        scoresByStep(
          last.map((j) => validations[j]),
          1,
          last.map((j) => blend[j]),
        ),
        [50],
      ).scope,
    ).toBe('model');
    expect(calibrateWidths(scoresByStep(validations, 1, blend), [50])).toEqual({
      scope: 'step',
      scores: 20,
      k: [{ 50: 2 }],
    });
  });
});
