import { parsePeriodKey } from './period-key';

describe(parsePeriodKey.name, () => {
  const sut = parsePeriodKey;

  it.each<[string, object]>([
    ['2026', { granularity: 'year', year: 2026 }],
    ['FY2026', { granularity: 'year', year: 2026 }],
    ['2026-Q3', { granularity: 'quarter', year: 2026, index: 3 }],
    ['FY2027-Q1', { granularity: 'quarter', year: 2027, index: 1 }],
    ['2026-11', { granularity: 'month', year: 2026, index: 11 }],
    ['2026-W47', { granularity: 'week', year: 2026, index: 47 }],
    ['2026-W53', { granularity: 'week', year: 2026, index: 53 }],
    ['2024-02-29', { granularity: 'day', year: 2024, index: 2, day: 29 }],
  ])('parses %s', (key, expected) => {
    expect(sut(key)).toEqual(expected);
  });

  it.each([
    '',
    '26',
    '2026-Q0',
    '2026-Q5',
    '2026-00',
    '2026-13',
    '2026-W00',
    '2025-W53',
    '2026-02-29',
    '2026-1',
    'FY2026-11',
    '2026-11-22T00:00',
  ])('rejects %s', (key) => {
    expect(sut(key)).toBeNull();
  });
});
