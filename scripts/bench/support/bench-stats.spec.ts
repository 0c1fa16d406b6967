import { median, ownCpuMs } from './bench-stats';

describe(median.name, () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    // an even count takes the upper middle value
    [[4, 1, 3, 2], 3],
  ])('of %j is %i, leaving its input as it was', (xs, expected) => {
    const before = [...xs];

    expect(median(xs)).toBe(expected);
    expect(xs).toEqual(before);
  });
});

describe(ownCpuMs.name, () => {
  it('grows with work done on this thread', () => {
    const before = ownCpuMs();
    let x = 0;
    for (let i = 0; i < 2e7; i++) x += Math.sqrt(i);

    expect(x).toBeGreaterThan(0);
    expect(ownCpuMs()).toBeGreaterThan(before);
  });
});
