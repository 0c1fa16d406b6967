import { pathToExpected } from './forecast-path';

describe(pathToExpected.name, () => {
  it.each([
    // the gap of 2 opens with the square root of the days: 2 x sqrt(1/4), sqrt(2/4), sqrt(3/4), 1
    ['a max ending short of its expectation', [60, 60, 60, 60], 62, [61, 60 + Math.SQRT2, 60 + Math.sqrt(3), 62]],
    ['a min ending above it', [40, 40, 40, 40], 38, [39, 40 - Math.SQRT2, 40 - Math.sqrt(3), 38]],
    ['a path already ending there', [10, 20], 20, [10, 20]],
  ])('%s', (_, path, expected, eased) => {
    const sut = pathToExpected(path, expected);

    eased.forEach((value, i) => expect(sut[i]).toBeCloseTo(value, 12));
  });
});
