import { lazyProperty } from './lazy-property';

describe(lazyProperty.name, () => {
  it('computes on the first read only, and keeps the value', () => {
    let calls = 0;
    const sut = lazyProperty({ id: 'o1' }, 'kpis', () => {
      calls += 1;
      return ['k1', 'k2'];
    });
    expect(calls).toBe(0);
    const first = sut.kpis;
    expect(sut.kpis).toBe(first);
    expect(calls).toBe(1);
    expect(first).toEqual(['k1', 'k2']);
  });

  it('is an ordinary enumerable property to spreads, JSON and equality', () => {
    const sut = lazyProperty({ id: 'o1' }, 'kpis', () => [1, 2]);
    expect(Object.keys(sut)).toEqual(['id', 'kpis']);
    expect(JSON.stringify(sut)).toBe('{"id":"o1","kpis":[1,2]}');
    expect({ ...sut }).toEqual({ id: 'o1', kpis: [1, 2] });
  });

  it('takes a write before any read without computing', () => {
    const compute = jest.fn(() => [1]);
    const sut = lazyProperty({ id: 'o1' }, 'kpis', compute);
    sut.kpis = [7];
    expect(sut.kpis).toEqual([7]);
    expect(compute).not.toHaveBeenCalled();
  });
});
