import { refineStep } from './signal-resolution';

describe('refineStep', () => {
  it.each([
    ['a whole number', Number.NaN, 100, 1],
    ['a reading to two decimals', Number.NaN, 99.89, 0.01],
    ['a sum with float noise (0.1 + 0.2)', Number.NaN, 0.1 + 0.2, 0.1],
    ['a negative value', Number.NaN, -2.5, 0.1],
    ['a frozen 100 that reads 99.89', 1, 99.89, 0.01],
    ['a coarser value on a finer step', 0.01, 3, 0.01],
    ['a third', Number.NaN, 1 / 3, 0],
    ['a float32 reading widened (99.88999938964844)', 0.01, Math.fround(99.89), 0],
    ['anything after a continuous value', 0, 5, 0],
  ])('%s', (_, before, value, step) => {
    expect(refineStep(before, value)).toBe(step);
  });
});
