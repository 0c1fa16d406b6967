import { autoEtsOptionsKey, type AutoEtsOptions } from './auto-ets';

describe(autoEtsOptionsKey.name, () => {
  const base = autoEtsOptionsKey(1, { seasonTest: true });

  it.each<[string, number, AutoEtsOptions]>([
    ['another season', 4, { seasonTest: true }],
    ['another season test', 1, { seasonTest: false }],
    ['restricted trends', 1, { seasonTest: true, trends: ['N'] }],
    ['restricted seasons', 1, { seasonTest: true, seasons: ['N'] }],
    ['no multiplicative errors', 1, { seasonTest: true, multiplicative: false }],
  ])('tells %s apart', (_, m, options) => {
    expect(autoEtsOptionsKey(m, options)).not.toBe(base);
  });

  it('is the same for options autoEts does not read (a forecaster sigma rule)', () => {
    const anchorOptions = { seasonTest: true, currentRegimeSigma: true };
    expect(autoEtsOptionsKey(1, anchorOptions)).toBe(base);
  });
});
