import { backoffDelays, type Jitter } from './backoff';

describe(backoffDelays.name, () => {
  it.each<[number, number, number, number[]]>([
    [5, 100, 10_000, [100, 200, 400, 800, 1600]],
    [4, 1000, 3000, [1000, 2000, 3000, 3000]],
    [0, 100, 1000, []],
    [3, 0, 1000, [0, 0, 0]],
  ])('%i attempts from %i ms capped at %i ms', (attempts, base, max, expected) => {
    expect(backoffDelays(attempts, base, max)).toEqual(expected);
  });

  it('stays finite for many attempts', () => expect(backoffDelays(2000, 100, 60_000).at(-1)).toBe(60_000));

  it.each<[Jitter, number, number[]]>([
    ['full', 0.5, [50, 100, 200]],
    ['equal', 0.5, [75, 150, 300]],
    ['full', 0, [0, 0, 0]],
  ])('%s jitter with random() = %p', (jitter, r, expected) => {
    expect(backoffDelays(3, 100, 10_000, { jitter, random: () => r })).toEqual(expected);
  });

  it.each<Jitter>(['full', 'equal'])('%s jitter stays within [0, exponential delay]', (jitter) => {
    const plain = backoffDelays(8, 100, 5000);
    const jittered = backoffDelays(8, 100, 5000, { jitter });

    jittered.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(jitter === 'equal' ? plain[i] / 2 : 0);
      expect(d).toBeLessThanOrEqual(plain[i]);
    });
  });
});
