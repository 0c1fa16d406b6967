import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { naiveForecaster } from '../methods/naive.forecaster';
import { DenseLayer, WindowModelFile, mlpForward } from './mlp';
import { levelSpanFor, windowFeatures } from './window-features';
import { WindowModelStore } from './window-model-store';
import { windowMlpForecast, windowMlpForecaster } from './window-mlp.forecaster';

/** A 2-input, 2-output identity-like net: relu(x) then copy, so outputs equal positive inputs. */
const IDENTITY: DenseLayer[] = [
  { weights: [[1, 0], [0, 1]], bias: [0, 0], activation: 'relu' },
  { weights: [[1, 0], [0, 1]], bias: [0, 0], activation: 'linear' },
];

function modelFile(overrides: Partial<WindowModelFile> = {}): WindowModelFile {
  return { format: 'bsc-window-mlp/1', m: 1, h: 2, inputLength: 2, layers: IDENTITY, trainedOn: 'fixture', ...overrides };
}

describe(mlpForward.name, () => {
  it.each([
    [[0.5, 2], [0.5, 2]],
    [[-1, 3], [0, 3]],
  ])('forwards %j to %j', (input, expected) => {
    expect(mlpForward(IDENTITY, input)).toEqual(expected);
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

describe('window MLP forecaster', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bsc-nn-'));
    writeFileSync(join(dir, 'm1.json'), JSON.stringify(modelFile()));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('un-normalises the net output with the window level', () => {
    const store = new WindowModelStore(dir);
    // window [10, 30], level span 2 -> level 20, inputs [-0.5, 0.5] -> outputs [0, 0.5] -> [20, 30]
    expect(windowMlpForecast(store, [5, 10, 30], 2, 1)).toEqual([20, 30]);
  });

  it('falls back when no model covers the period or horizon', () => {
    const store = new WindowModelStore(dir);
    expect(store.find(12, 2)).toBeUndefined();
    expect(store.find(1, 3)).toBeUndefined();
    const sut = windowMlpForecaster('nn', store, naiveForecaster).forecast({ y: [5, 10, 30], h: 3, m: 1 });
    expect(sut.mean).toEqual([30, 30, 30]);
    expect(sut.method).toBe('nn');
  });
});
