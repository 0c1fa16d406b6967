import type { KpiDef } from '@bsc/twin';
import { aKpi } from '../test-support/scorecard-items.builder';
import type { ResolvedTarget, TargetOverrides } from './scoring.types';
import { canonicalPeriodKey, resolveTarget } from './target-resolver';

const overrides: TargetOverrides = new Map([['kpi', new Map([['FY2026-Q4', { value: 77 }]])]]);

describe(resolveTarget.name, () => {
  it.each<[string, KpiDef, string, ResolvedTarget | null]>([
    [
      'fiscal alias in the model',
      aKpi({ targets: [{ period: '2026-Q3', value: 90 }] }),
      'FY2026-Q3',
      { value: 90, source: 'period' },
    ],
    [
      'fiscal alias in the request',
      aKpi({ targets: [{ period: 'FY2026', value: 90 }] }),
      '2026',
      { value: 90, source: 'period' },
    ],
    ['override under the FY key', aKpi(), '2026-Q4', { value: 77, source: 'override' }],
    ['no target at all', aKpi({ target: undefined }), '2026-11', null],
    [
      'band KPI skips a period target without a band',
      aKpi({
        direction: 'band',
        targets: [{ period: '2026-11', value: 5 }],
        band: { lower: 1, upper: 9 },
        target: undefined,
      }),
      '2026-11',
      { value: 5, band: { lower: 1, upper: 9 }, source: 'default' },
    ],
    [
      'band KPI with only a point target gets a zero-width band',
      aKpi({ direction: 'band', target: 7 }),
      '2026-11',
      { value: 7, band: { lower: 7, upper: 7 }, source: 'default' },
    ],
    [
      'reversed band bounds are ordered',
      aKpi({ direction: 'band', targets: [{ period: '2026-11', value: 5, lower: 9, upper: 1 }] }),
      '2026-11',
      { value: 5, band: { lower: 1, upper: 9 }, source: 'period' },
    ],
  ])('%s', (_name, def, periodKey, expected) => {
    expect(resolveTarget(def, periodKey, overrides)).toEqual(expected);
  });

  it.each([
    ['FY2026', '2026'],
    ['FY2026-Q3', '2026-Q3'],
    ['2026-11', '2026-11'],
    ['FY2026-11', 'FY2026-11'],
  ])('canonicalPeriodKey(%s) = %s', (key, canonical) => expect(canonicalPeriodKey(key)).toBe(canonical));
});
