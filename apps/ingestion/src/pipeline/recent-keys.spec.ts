import { RecentKeys } from './recent-keys';

describe(RecentKeys.name, () => {
  it('recognises a repeated (signal, ts) and forgets the oldest beyond its capacity', () => {
    const sut = new RecentKeys(2);
    expect([sut.add('a', 1), sut.add('a', 1), sut.add('b', 1), sut.add('a', 2)]).toEqual([true, false, true, true]);
    expect(sut.size).toBe(2);
    expect(sut.add('a', 1)).toBe(true);
  });

  it('accepts a key again after it was forgotten on purpose', () => {
    const sut = new RecentKeys(10);
    sut.add('a', 1);
    sut.forget('a', 1);
    expect(sut.add('a', 1)).toBe(true);
  });
});
