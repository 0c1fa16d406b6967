import { RecentKeys } from './recent-keys';

describe(RecentKeys.name, () => {
  it.each<[string, Array<[string, number]>, boolean[]]>([
    [
      'in-order timestamps are new',
      [
        ['a', 1],
        ['a', 2],
        ['a', 3],
      ],
      [true, true, true],
    ],
    [
      'a repeated timestamp is a duplicate',
      [
        ['a', 1],
        ['a', 2],
        ['a', 2],
        ['a', 1],
      ],
      [true, true, false, false],
    ],
    [
      'a late but unseen timestamp is new',
      [
        ['a', 5],
        ['a', 3],
        ['a', 3],
      ],
      [true, true, false],
    ],
    [
      'signals are independent',
      [
        ['a', 1],
        ['b', 1],
      ],
      [true, true],
    ],
    [
      'beyond the window an old timestamp is forgotten',
      [
        ['a', 1],
        ['a', 2],
        ['a', 3],
        ['a', 1],
      ],
      [true, true, true, true],
    ],
  ])('%s', (_, pairs, expected) => {
    const sut = new RecentKeys(2);
    expect(pairs.map(([s, ts]) => sut.add(s, ts))).toEqual(expected);
  });

  it('a window that grew as it filled still remembers exactly the last `capacity` timestamps', () => {
    // capacity 20: the window grows 8 → 16 → 20; after 1..30 it holds 11..30
    const sut = new RecentKeys(20);
    for (let ts = 1; ts <= 30; ts++) expect(sut.add('a', ts)).toBe(true);
    expect(sut.add('a', 11)).toBe(false);
    expect(sut.add('a', 30)).toBe(false);
    expect(sut.add('a', 10)).toBe(true);
  });

  it('keeps every timestamp when its window grows, and holds none it never saw', () => {
    // capacity 1024: 1..9 fill the first 8 slots and grow the window to 16 at the 9th; all 9 are within capacity
    const sut = new RecentKeys(1_024);
    for (let ts = 1; ts <= 9; ts++) sut.add('a', ts);
    expect(sut.add('a', 1)).toBe(false);
    expect(sut.add('a', 8)).toBe(false);
    // 0 was never added (a grown window's empty slots hold no timestamp)
    expect(sut.add('a', 0)).toBe(true);
  });

  it('accepts a pair again after it was forgotten on purpose', () => {
    const sut = new RecentKeys(10);
    sut.add('a', 1);
    sut.add('a', 2);
    sut.forget('a', 1);
    expect(sut.add('a', 1)).toBe(true);
  });
});
