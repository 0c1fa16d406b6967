import { normalFrom, seededNormal, seededRandom } from './seeded-random';

describe(seededRandom.name, () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];

    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws normals from the same stream as the uniforms', () => {
    // Box-Muller: u = 0.25, v = 0.5 gives r = sqrt(-2 ln 0.25) = sqrt(2.7726) = 1.6651; cos(π) = -1, sin(π) = 0
    const values = [0.25, 0.5];
    const sut = normalFrom(() => values.shift()!);

    expect(sut()).toBeCloseTo(-1.66511, 5);
    expect(sut()).toBeCloseTo(0, 12);
    expect(seededNormal(7)()).toBe(normalFrom(seededRandom(7))());
  });
});
