import type { EtsFit } from './ets.types';
import { RecentEtsFits } from './recent-ets-fits';

/** A stand-in fit, told apart by its number; counts how many were made. */
function maker() {
  let made = 0;
  return {
    make: () => ({ aicc: ++made }) as unknown as EtsFit,
    get made() {
      return made;
    },
  };
}

const y = [3, 1, 4, 1, 5, 9, 2, 6];

describe(RecentEtsFits.name, () => {
  it('hands back the fit made for the same values, season and options', () => {
    const fits = new RecentEtsFits();
    const m = maker();
    const first = fits.fit(y, 1, { seasonTest: true }, m.make);

    expect(fits.fit([...y], 1, { seasonTest: true }, m.make)).toBe(first);
    expect(m.made).toBe(1);
  });

  it.each<{ asked: string; values: number[]; season: number; options: object; first?: number[] }>([
    { asked: 'another season', values: y, season: 4, options: { seasonTest: true } },
    { asked: 'another option autoEts reads', values: y, season: 1, options: { seasonTest: false } },
    { asked: 'restricted trends', values: y, season: 1, options: { seasonTest: true, trends: ['N' as const] } },
    {
      asked: 'one value changed',
      values: [...y.slice(0, 7), 6.000000000000001],
      season: 1,
      options: { seasonTest: true },
    },
    { asked: 'a 0 where it had -0', values: [0, ...y], season: 1, options: { seasonTest: true }, first: [-0, ...y] },
    { asked: 'one value more', values: [...y, 5], season: 1, options: { seasonTest: true } },
  ])('makes a fit again for $asked', ({ values, season, options, first }) => {
    const fits = new RecentEtsFits();
    const m = maker();
    fits.fit(first ?? y, 1, { seasonTest: true }, m.make);

    fits.fit(values, season, options, m.make);

    expect(m.made).toBe(2);
  });

  it('shares a fit between options that differ only in what autoEts does not read', () => {
    const fits = new RecentEtsFits();
    const m = maker();
    fits.fit(y, 1, { seasonTest: true }, m.make);
    const anchorOptions = { seasonTest: true, currentRegimeSigma: true };

    fits.fit(y, 1, anchorOptions, m.make);

    expect(m.made).toBe(1);
  });

  it('keeps the last `kept` series, the one asked for most recently staying longest', () => {
    const fits = new RecentEtsFits(2);
    const m = maker();
    const a = fits.fit([1, 2], 1, {}, m.make);
    fits.fit([3, 4], 1, {}, m.make);
    expect(fits.fit([1, 2], 1, {}, m.make)).toBe(a); // a is now the most recent
    fits.fit([5, 6], 1, {}, m.make); // pushes [3, 4] out, not a

    expect(fits.fit([1, 2], 1, {}, m.make)).toBe(a);
    expect(m.made).toBe(3);
    fits.fit([3, 4], 1, {}, m.make);
    expect(m.made).toBe(4);
  });

  it('keeps a fit that could not be made (undefined) as such', () => {
    const fits = new RecentEtsFits();
    let made = 0;
    const none = () => {
      made++;
      return undefined;
    };

    expect(fits.fit(y, 1, {}, none)).toBeUndefined();
    expect(fits.fit(y, 1, {}, none)).toBeUndefined();
    expect(made).toBe(1);
  });
});
