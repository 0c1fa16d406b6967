import type { KpiValue } from './signal-sample.types';
import { sameKpiReading } from './kpi-reading';

const base: KpiValue = {
  kpiId: 'k',
  periodKey: '2026-11',
  periodStart: 1,
  periodEnd: 2,
  value: 10,
  asOf: 100,
  computedAt: 101,
  quality: { coverage: 1, stale: false, quality: 'good' },
  origin: 'computed',
};

describe(sameKpiReading.name, () => {
  it.each<[string, Partial<KpiValue>, boolean]>([
    ['other times only', { asOf: 200, computedAt: 201 }, true],
    ['another value', { value: 11 }, false],
    ['no value', { value: null }, false],
    ['another period end', { periodEnd: 3 }, false],
    ['entered by hand', { origin: 'manual' }, false],
    ['stale', { quality: { ...base.quality, stale: true } }, false],
    ['less coverage', { quality: { ...base.quality, coverage: 0.5 } }, false],
    ['worse quality', { quality: { ...base.quality, quality: 'uncertain' } }, false],
  ])('%s: %s', (_name, change, same) => {
    expect(sameKpiReading(base, { ...base, ...change })).toBe(same);
  });
});
