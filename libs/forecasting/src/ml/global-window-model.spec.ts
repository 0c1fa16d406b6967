import { mlpForward } from './mlp';
import { levelSpanFor, windowFeatures } from './window-features';
import {
  GlobalWindowModel,
  globalTrainingSize,
  globalWindowForecast,
  hiddenUnitsFor,
  inputLengthFor,
  parameterCount,
  trainGlobalWindowModel,
  trainingWindowCount,
  trainingWindows,
} from './global-window-model';
import { forecastBatchWithGlobal } from './global-batch-forecast';
import { naiveForecaster } from '../methods/naive.forecaster';
import { resultFromSigma } from '../core/intervals';
import type { Forecaster } from '../core/forecast.types';
import { aGlobalWindowModel, IDENTITY_NET } from './test-support/global-window-model.builder';

describe(mlpForward.name, () => {
  it.each([
    [
      [0.5, 2],
      [0.5, 2],
    ],
    [
      [-1, 3],
      [0, 3],
    ],
  ])('forwards %j to %j', (input, expected) => {
    expect(mlpForward(IDENTITY_NET, input)).toEqual(expected);
  });
});

describe(windowFeatures.name, () => {
  it('scales by the mean of the last level span and centres on 0', () => {
    const sut = windowFeatures([1, 2, 4, 6], 4, 3, 2)!;
    expect(sut.level).toBe(5);
    expect(sut.x).toEqual([2 / 5 - 1, 4 / 5 - 1, 6 / 5 - 1]);
  });

  it('refuses short series and non-positive levels', () => {
    expect(windowFeatures([1, 2], 2, 3, 2)).toBeUndefined();
    expect(windowFeatures([0, 0, 0], 3, 3, 2)).toBeUndefined();
    expect(levelSpanFor(12, 48)).toBe(12);
    expect(levelSpanFor(1, 52)).toBe(4);
  });
});

describe(globalWindowForecast.name, () => {
  const model: GlobalWindowModel = aGlobalWindowModel({ members: [IDENTITY_NET] });

  it('un-normalises the net output with the window level', () => {
    // window [10, 30], level span 2 -> level 20, inputs [-0.5, 0.5] -> outputs [0, 0.5] -> [20, 30]
    expect(globalWindowForecast(model, [5, 10, 30])).toEqual([20, 30]);
  });

  it('does not apply to a series shorter than its input', () => {
    expect(globalWindowForecast(model, [5])).toBeUndefined();
  });
});

describe(trainingWindows.name, () => {
  it('takes windows whose targets lie inside each series, newest first, at most perSeries of them', () => {
    // m = 1, h = 1: input 52; a series of 55 points has windows ending at 54, 53, 52 (targets y[54], y[53], y[52])
    const y = Array.from({ length: 55 }, (_, t) => 100 + t);
    expect(inputLengthFor(1, 1)).toBe(52);
    expect(trainingWindows([y], 1, 1, 10, 1).x).toHaveLength(3);
    expect(trainingWindows([y], 1, 1, 2, 1).x).toHaveLength(2);
    const one = trainingWindows([y.slice(0, 53)], 1, 1, 10, 1);
    // the only window ends at 52: level = mean of y[48..51] = 149.5, target y[52] = 152 → 152 / 149.5 − 1
    expect(one.y).toEqual([[152 / 149.5 - 1]]);
  });
});

describe(trainingWindowCount.name, () => {
  it('counts the windows trainingWindows builds, without building them', () => {
    // m = 2, h = 1: input max(3·2, 2·1) = 6, level span min(6, max(2, 4)) = 4. y has 10 points: ends 9, 8, 7, 6
    // (targets y[9] … y[6]); levels = mean of the 4 points before each end: y[5..8] = (0 + 0 + 1 + 2) / 4 = 0.75,
    // y[4..7] = 1 / 4 = 0.25, y[3..6] = 0 and y[2..5] = 0 (not positive: no window) → 2 windows.
    const y = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3];
    // 6 points: the last end with a target inside is 5 < 6 → none
    const short = [1, 2, 3, 4, 5, 6];
    expect(trainingWindowCount([y, short], 2, 1, 10)).toBe(2);
    // at most perSeries ends are looked at, newest first: 3 → ends 9, 8, 7 → 2; 1 → end 9 → 1
    expect(trainingWindowCount([y], 2, 1, 3)).toBe(2);
    expect(trainingWindowCount([y], 2, 1, 1)).toBe(1);
    expect(trainingWindows([y, short], 2, 1, 10, 1).x).toHaveLength(2);
    expect(trainingWindows([y], 2, 1, 1, 1).x).toHaveLength(1);
  });
});

describe(hiddenUnitsFor.name, () => {
  // m = 1, h = 1, input 52: (53)·u + (u + 1)·u + (u + 1) parameters → u = 4: 237, 8: 505, 16: 1137, 32: 2785, 64: 7617
  it.each([
    { windows: 236, expected: undefined, why: 'fewer windows than even 4 units have parameters: no model' },
    { windows: 237, expected: 4, why: 'one window per parameter of the narrowest network: the floor' },
    { windows: 5049, expected: 4, why: '10 per parameter for 4 units (2370), not for 8 (5050)' },
    { windows: 5050, expected: 8, why: '10 per parameter for 8 units' },
    { windows: 27850, expected: 32, why: '10 per parameter for 32 units, not for 64 (76170)' },
    { windows: 10_000_000, expected: 64, why: 'never wider than the pool' },
  ])('$windows windows → $expected ($why)', ({ windows, expected }) => {
    expect([4, 8, 16, 32, 64].map((u) => parameterCount(52, 1, u))).toEqual([237, 505, 1137, 2785, 7617]);
    expect(hiddenUnitsFor(windows, 52, 1)).toBe(expected);
  });

  it('is what globalTrainingSize reports for a batch', () => {
    // 30 series of 200 points, m = 1, h = 1: windows end at 199 … 100 (100 per series): 3000 → 4 units
    const series = Array.from({ length: 30 }, (_, i) => Array.from({ length: 200 }, (__, t) => 50 + i + Math.sin(t)));
    expect(globalTrainingSize(series, 1, 1)).toEqual({ windows: 3000, parameters: 237, enough: true, hiddenUnits: 4 });
  });
});

describe(trainGlobalWindowModel.name, () => {
  it('trains nothing when the batch has fewer windows than the narrowest network has parameters', async () => {
    // m = 1, h = 2: input 52 → (52 + 1)·4 + 5·4 + 5·2 = 242 parameters; 2 series give at most 2·100 windows
    expect(parameterCount(52, 2, 4)).toBe(242);
    const series = Array.from({ length: 2 }, (_, i) => Array.from({ length: 200 }, (__, t) => 50 + i + Math.sin(t)));
    await expect(trainGlobalWindowModel(series, 1, 2)).resolves.toBeUndefined();
    expect(globalTrainingSize(series, 1, 2)).toEqual({ windows: 200, parameters: 242, enough: false });
  });

  it('trains with the pure-JS backend when tfjs-node is absent, bounded by its epochs, reporting each one', async () => {
    // 4 hidden units, h = 1, input 52: (52 + 1)·4 + 5·4 + 5·1 = 237 parameters;
    // 10 series of 80 points: windows end at 79 … 52, 28 each; 10 · 28 = 280 ≥ 237
    expect(parameterCount(52, 1, 4)).toBe(237);
    const series = Array.from({ length: 10 }, (_, i) =>
      Array.from({ length: 80 }, (__, t) => 100 + 10 * Math.sin((t + i) / 3)),
    );
    const epochs: number[] = [];
    const sut = (await trainGlobalWindowModel(series, 1, 1, {
      maxEpochs: 2,
      hiddenUnits: 4,
      members: 1,
      onProgress: (p) => epochs.push(p.epoch),
    }))!;
    expect(['cpu', 'tensorflow']).toContain(sut.backend);
    expect(sut.epochs).toBe(2);
    expect(sut.stoppedBy).toBe('epochs');
    expect(epochs).toEqual([1, 2]);
    expect(sut.windows).toBe(280);
    expect(sut.hiddenUnits).toBe(4);
    expect(globalWindowForecast(sut, series[0])).toHaveLength(1);
  }, 120_000);
});

describe('global model determinism', () => {
  // 10 series of 80 points, 4 hidden units, h = 1: 280 windows >= 237 parameters (see above)
  const series = Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 80 }, (__, t) => 100 + 10 * Math.sin((t + i) / 3) + (t % 5)),
  );
  const train = (seed: number, timeBudgetMs?: number) =>
    trainGlobalWindowModel(series, 1, 1, { maxEpochs: 3, hiddenUnits: 4, seed, timeBudgetMs, members: 1 });

  it('gives identical weights for the same seed and epochs: the epoch count decides, not the clock', async () => {
    const a = (await train(7))!;
    const b = (await train(7))!;
    expect(a.epochs).toBe(3);
    expect(b.epochs).toBe(3);
    expect(b.members).toEqual(a.members);
    const other = (await train(8))!;
    expect(other.members).not.toEqual(a.members);
  }, 120_000);

  it('stops at the safety time budget after at least one epoch and reports that it did', async () => {
    // a zero budget is crossed by the end of the first epoch whatever the machine's speed
    const sut = (await train(7, 0))!;
    expect(sut.epochs).toBe(1);
    expect(sut.stoppedBy).toBe('time-budget');
  }, 120_000);
});

describe(forecastBatchWithGlobal.name, () => {
  it('forecasts with the method alone when the batch is too small for a global model', async () => {
    const series = [
      [1, 2, 3, 4, 5, 6],
      [3, 3, 3, 3, 3, 3],
    ];
    const sut = await forecastBatchWithGlobal(naiveForecaster, series, { h: 2, m: 1 });
    expect(sut.global.joined).toBe(false);
    expect(sut.global.reason).toContain('too few training windows');
    // 2 series × 2 windows (origins 4 and 2, each with max(2m, h) = 2 points before it) × 2 steps = 8
    // validation scores, fewer than the 200 a 95 % quantile needs: the model's widths
    expect(sut.global.widths).toEqual({ scope: 'model', scores: 8 });
    expect(sut.results.map((r) => r.mean)).toEqual([
      [6, 6],
      [3, 3],
    ]);
  });

  // A method that always says 0 and the series near 100: the blend with any model near the level beats it.
  const zero: Forecaster = {
    name: 'zero',
    forecast: ({ h }) => resultFromSigma('zero', new Array<number>(h).fill(0), new Array<number>(h).fill(1), [80, 95]),
  };
  const waves = (n: number): number[][] =>
    Array.from({ length: 10 }, (_, i) => Array.from({ length: n }, (__, t) => 100 + 10 * Math.sin((t + i) / 3)));
  const options = { h: 1, m: 1, global: { maxEpochs: 2, hiddenUnits: 4, seed: 7 } };

  it('calibrates a blend on every validation window, forecast by a model trained before the oldest', async () => {
    // 10 series of 80 points, h = 1, m = 1, input 52 points, 4 hidden units: 53·4 + 5·4 + 5·1 = 237 parameters.
    // Joined model: parts of 79 points, windows ending at 78 … 52 = 27 a series, 270 ≥ 237. Validation origins
    // 79, 78, 77 (each with max(2m, h) = 2 points before it); the second model's parts end at 77: windows
    // ending at 76 … 52 = 25 a series, 250 ≥ 237, so it trains and all 10 × 3 windows × 1 step = 30 scores count.
    const sut = await forecastBatchWithGlobal(zero, waves(80), options);
    expect(sut.global.joined).toBe(true);
    expect(sut.global.calibrationTrainMs).toBeGreaterThanOrEqual(0);
    expect(sut.global.widths.scores).toBe(30);
  }, 120_000);

  it('calibrates a blend on the last windows only when no model can be trained before the oldest', async () => {
    // 78 points: joined model 10 × (76 − 52 + 1) = 250 ≥ 237 windows; parts ending at the oldest origin 75 give
    // 10 × (74 − 52 + 1) = 230 < 237: no second model, so only the 10 last windows are out of sample.
    const sut = await forecastBatchWithGlobal(zero, waves(78), options);
    expect(sut.global.joined).toBe(true);
    expect(sut.global.calibrationTrainMs).toBeUndefined();
    expect(sut.global.widths.scores).toBe(10);
  }, 120_000);
});
