import { RecentFits } from './recent-fits';

/** A stand-in fit, told apart by its number; counts how many were made. */
function maker() {
  let made = 0;
  return {
    make: () => ({ made: ++made }),
    get made() {
      return made;
    },
  };
}

const y = [3, 1, 4, 1, 5, 9, 2, 6];

describe(RecentFits.name, () => {
  it('hands back the fit made for the same key and values', () => {
    const fits = new RecentFits<{ made: number }>();
    const m = maker();
    const first = fits.fit('k', y, m.make);

    expect(fits.fit('k', [...y], m.make)).toBe(first);
    expect(m.made).toBe(1);
  });

  it.each<{ asked: string; values: number[]; key: string; first?: number[] }>([
    { asked: 'another key', values: y, key: 'other' },
    { asked: 'one value changed', values: [...y.slice(0, 7), 6.000000000000001], key: 'k' },
    { asked: 'a 0 where it had -0', values: [0, ...y], key: 'k', first: [-0, ...y] },
    { asked: 'one value more', values: [...y, 5], key: 'k' },
  ])('makes a fit again for $asked', ({ values, key, first }) => {
    const fits = new RecentFits<{ made: number }>();
    const m = maker();
    fits.fit('k', first ?? y, m.make);

    fits.fit(key, values, m.make);

    expect(m.made).toBe(2);
  });

  it('keeps the last `kept` series, the one asked for most recently staying longest', () => {
    const fits = new RecentFits<{ made: number }>(2);
    const m = maker();
    const a = fits.fit('k', [1, 2], m.make);
    fits.fit('k', [3, 4], m.make);
    expect(fits.fit('k', [1, 2], m.make)).toBe(a); // a is now the most recent
    fits.fit('k', [5, 6], m.make); // pushes [3, 4] out, not a

    expect(fits.fit('k', [1, 2], m.make)).toBe(a);
    expect(m.made).toBe(3);
    fits.fit('k', [3, 4], m.make);
    expect(m.made).toBe(4);
  });

  it('keeps a fit that could not be made (undefined) as such', () => {
    const fits = new RecentFits<{ made: number }>();
    let made = 0;
    const none = () => {
      made++;
      return undefined;
    };

    expect(fits.fit('k', y, none)).toBeUndefined();
    expect(fits.fit('k', y, none)).toBeUndefined();
    expect(made).toBe(1);
  });
});
