import { DenseLayer, ensembleForward } from './mlp';
import { GlobalWindowModel, globalWindowForecast, trainGlobalWindowModel } from './global-window-model';
import { aGlobalWindowModel, IDENTITY_NET } from './test-support/global-window-model.builder';

/** One linear layer: out = (2·x0 + 1, 2·x1 − 1). */
const DOUBLE: DenseLayer[] = [
  {
    weights: [
      [2, 0],
      [0, 2],
    ],
    bias: [1, -1],
    activation: 'linear',
  },
];

describe(ensembleForward.name, () => {
  it('averages the members output by output', () => {
    // input (−1, 3): IDENTITY_NET → (0, 3); DOUBLE → (2·(−1) + 1, 2·3 − 1) = (−1, 5); mean ((0 − 1)/2, (3 + 5)/2)
    expect(ensembleForward([IDENTITY_NET, DOUBLE], [-1, 3])).toEqual([-0.5, 4]);
  });

  it('is the net itself for one member', () => {
    expect(ensembleForward([DOUBLE], [-1, 3])).toEqual([-1, 5]);
  });
});

describe('globalWindowForecast of an ensemble', () => {
  it('un-normalises the mean of the members with the window level', () => {
    const model: GlobalWindowModel = aGlobalWindowModel({ members: [IDENTITY_NET, DOUBLE] });
    // window (10, 30), level (10 + 30)/2 = 20, inputs (10/20 − 1, 30/20 − 1) = (−0.5, 0.5);
    // IDENTITY_NET → (0, 0.5), DOUBLE → (2·(−0.5) + 1, 2·0.5 − 1) = (0, 0); mean (0, 0.25) → 20·(1 + 0), 20·(1 + 0.25)
    expect(globalWindowForecast(model, [5, 10, 30])).toEqual([20, 25]);
  });
});

describe('trainGlobalWindowModel with several members', () => {
  // 10 series of 80 points, 4 hidden units, h = 1, input 52: 10 · 28 = 280 windows ≥ 237 parameters
  const series = Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 80 }, (__, t) => 100 + 10 * Math.sin((t + i) / 3) + (t % 5)),
  );
  const train = (seed: number, members: number, timeBudgetMs?: number) =>
    trainGlobalWindowModel(series, 1, 1, { maxEpochs: 2, hiddenUnits: 4, seed, members, timeBudgetMs });

  it('trains member k as the single net of seed + 10·k, and counts every epoch', async () => {
    const progress: string[] = [];
    const sut = (await trainGlobalWindowModel(series, 1, 1, {
      maxEpochs: 2,
      hiddenUnits: 4,
      seed: 7,
      members: 3,
      onProgress: (p) => progress.push(`${p.member}/${p.members}:${p.epoch}`),
    }))!;
    // 3 members × 2 epochs
    expect(sut.epochs).toBe(6);
    expect(progress).toEqual(['1/3:1', '1/3:2', '2/3:1', '2/3:2', '3/3:1', '3/3:2']);
    expect(sut.members).toHaveLength(3);
    const seed7 = (await train(7, 1))!;
    const seed17 = (await train(17, 1))!;
    expect(sut.members[0]).toEqual(seed7.members[0]);
    expect(sut.members[1]).toEqual(seed17.members[0]);
    expect(sut.members[2]).not.toEqual(sut.members[0]);
  }, 120_000);

  it('starts no further member once the shared time budget is spent, and says so', async () => {
    // a zero budget is crossed by the end of the first epoch of the first member
    const sut = (await train(7, 3, 0))!;
    expect(sut.members).toHaveLength(1);
    expect(sut.epochs).toBe(1);
    expect(sut.stoppedBy).toBe('time-budget');
  }, 120_000);
});
