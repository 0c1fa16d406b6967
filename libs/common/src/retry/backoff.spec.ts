import { backoffDelay, backoffDelays, type Jitter } from './backoff';

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

describe(backoffDelay.name, () => {
  it.each<[string, number, number, number, number]>([
    // retry 2 from 100 ms: d = 100 × 2² = 400; share 0.2 moves it by up to ±80
    ['the top of the band', 2, 1_000, 1, 480],
    ['the bottom of the band', 2, 1_000, 0, 320],
    ['the middle', 2, 1_000, 0.5, 400],
    // retry 3 capped at 450: d = min(450, 800) = 450; +20 % would be 540, capped at 450
    ['the cap, jitter included', 3, 450, 1, 450],
  ])('jitters by a share of the delay: %s', (_name, retry, max, r, expected) => {
    expect(backoffDelay(retry, 100, max, { jitter: 0.2, random: () => r })).toBe(expected);
  });
});
